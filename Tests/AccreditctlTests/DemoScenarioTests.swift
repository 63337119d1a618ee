import AccreditEngine
import CaseService
import EvidenceStore
import PostgresTestSupport
import Statecharts
import Testing

@testable import accreditctl

struct DemoScenarioTests {
    static let start = Instant(iso8601: "2026-01-05T09:00:00Z") ?? .epoch

    @Test func theDemoPlaysToAwardTwiceWithACleanAudit() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = CaseDesk(connection: db, blobs: try BlobStore(root: dir + "/blobs"))
                var lines: [String] = []
                for run in 1...2 {
                    let scenario = DemoScenario(
                        desk: desk, workDirectory: dir, definitions: .builtIn,
                        start: Self.start, home: dir + "/home", narrate: { lines.append($0) })
                    let summary = try scenario.run()
                    #expect(summary.caseID == "DEMO-\(run)")
                    #expect(summary.outcome == "accredited-with-conditions")
                    #expect(
                        summary.refusals == [
                            "applicability.in-scope", "team.conflict-of-interest", "access.not-assigned",
                            "impartiality.decision-maker", "appeal.panel-involved", "access.visits.read",
                        ])
                    #expect(summary.status.contains("surveillance-overdue"))
                }
                #expect(
                    lines.contains {
                        $0.contains("verifying it offline against the body's key and its status list: valid")
                    })
                #expect(
                    lines.filter { $0.contains("the audit (hash chain, evidence files, replay) is clean") }.count == 2)
                #expect(
                    lines.contains {
                        $0.contains(
                            "stating the scope: Adult inpatient wards, Emergency department, "
                                + "District nursing") && $0.hasSuffix("verified offline: valid.")
                    })
            }
        }
    }
}

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
                            "evidence.reuse-not-allowed",
                        ])
                    #expect(summary.renewal == "accredited")
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
                // The renewal: the award current throughout, evidence reused where allowed, the new term from the
                // old expiry, its certificate verified.
                #expect(lines.contains { $0.contains("assessment cycle 2 begins") && $0.contains("stays valid") })
                #expect(lines.contains { $0.contains("She reuses the accepted evidence for CU-1.2, LD-1.2") })
                #expect(
                    lines.contains {
                        $0.contains("runs three years from the old expiry, to ")
                            && $0.hasSuffix("verified offline: valid.")
                    })
            }
        }
    }
}

import AccreditEngine
import CaseService
import EvidenceStore
import PostgresTestSupport
import ServiceTestSupport
import Statecharts
import Testing

struct CaseQueriesTests {
    @Test func casesAreListedWithTheirNextDeadlineAndFilteredByStateAndOrganisation() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let time = try CaseDeskTests.toEvidence(desk)
                _ = try desk.openCase(
                    "C-2", organisation: "hillside", workflow: DeskFixtures.workflow,
                    framework: DeskFixtures.framework, by: "sec", at: time)
                #expect(try desk.cases().map(\.caseID) == ["C-1", "C-2"])
                #expect(try desk.cases(organisation: "hillside").map(\.caseID) == ["C-2"])
                let evidence = try desk.cases(state: "evidence-open")
                #expect(evidence.map(\.caseID) == ["C-1"])
                #expect(try desk.cases(state: "evidence").map(\.caseID) == ["C-1"])
                let next = try #require(evidence.first?.nextDeadline)
                #expect(next.event == "deadline.evidence")
                #expect(evidence.first?.overdue(at: time).isEmpty == true)
                #expect(evidence.first?.overdue(at: time.adding(days: 91)).map(\.event) == ["deadline.evidence"])
            }
        }
    }

    @Test func applicantsMayViewOnlyTheirOwnOrganisationsCases() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let time = try CaseDeskTests.toEvidence(desk)
                #expect(try desk.view("C-1", as: "ann").head.organisationID == "riverside")
                #expect(try desk.view("C-1", as: "aud").state.status == "evidence-open")
                let refusal = try #require(throws: CaseRefusal.self) { try desk.view("C-1", as: "hal") }
                #expect(refusal.rule == "access.organisation")
                let events = try desk.nextEvents("C-1", as: "ann", at: time)
                #expect(events.contains { $0.name == "evidence.submit" && !$0.enabled })
            }
        }
    }

    @Test func theReportCountsStatesOverdueDeadlinesAndReviewWork() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let time = try CaseDeskTests.toEvidence(desk)
                try TestFiles.write(Array("x\n".utf8), to: dir + "/x.txt")
                try desk.uploadEvidence("C-1", file: dir + "/x.txt", criterion: "SL-1.1", by: "ann", at: time)
                let report = try desk.report(at: time.adding(days: 91), expiringWithinDays: 90)
                #expect(report.casesByState == ["evidence-open": 1])
                #expect(report.overdue.map(\.deadline.event) == ["deadline.evidence"])
                #expect(report.expiring.isEmpty)
                #expect(report.workload.isEmpty)
            }
        }
    }
}

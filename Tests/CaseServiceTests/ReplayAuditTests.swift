import AccreditEngine
import CaseService
import EvidenceStore
import PostgresTestSupport
import ServiceTestSupport
import Statecharts
import Testing

struct ReplayAuditTests {
    @Test func replayFindsEventsTheWorkflowRejectsAndProjectionsThatDiffer() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let time = try CaseDeskTests.toEvidence(desk)
                let audit = ReplayAudit(desk: desk)
                #expect(try audit.run(.all).isClean)
                #expect(try audit.run(.all).counts["cases replayed"] == 1)

                // An event written straight through the store, with a perfect hash chain, that the workflow would
                // never have accepted here: replay rejects it at its seq.
                let open = try desk.load("C-1")
                try desk.log.append(
                    caseID: "C-1", expectedVersion: open.head.version, expectedHead: open.head.headHash,
                    events: [
                        NewEvent(
                            type: "decision.record", actor: "dana", occurredAt: time, payload: ["outcome": "accredited"]
                        )
                    ],
                    definitionHash: open.definitions.definitionHash, projection: open.head.projection)
                let rejected = try audit.run(.cases(["C-1"]))
                #expect(rejected.findings.map(\.kind) == [.replayRejected])
                #expect(rejected.findings.first?.seq == open.head.version + 1)
                let failure = try #require(throws: CaseServiceError.self) { try desk.load("C-1") }
                #expect(failure.code == .replayFailed)
                #expect(failure.seq == open.head.version + 1)
            }
        }
    }

    @Test func anEditedProjectionIsReported() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                _ = try CaseDeskTests.toEvidence(desk)
                try db.execute("UPDATE cases SET status = 'awarded', configuration = '{awarded}' WHERE case_id = 'C-1'")
                let report = try ReplayAudit(desk: desk).run(.all)
                #expect(report.findings.map(\.kind) == [.projectionDiffers])
                #expect(report.findings.first?.actual.hasPrefix("awarded") == true)
                #expect(report.findings.first?.expected.hasPrefix("evidence-open") == true)
            }
        }
    }

    @Test func anEmptyStoreIsClean() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let report = try StoreAudit(checks: [ChainAudit(connection: db), ReplayAudit(desk: desk)]).run(.all)
                #expect(report.isClean)
                #expect(report.counts["cases replayed"] == 0 && report.counts["cases"] == 0)
            }
        }
    }

    /// The whole-store route (one read of every case) and the named-case route (each case loaded on its own) must
    /// report the same findings for every kind of problem.
    @Test func theWholeStoreRouteReportsWhatTheNamedCaseRouteReports() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let ids = ["C-1", "C-2", "C-3", "C-4", "C-5"]
                var time = DeskFixtures.start
                for id in ids { time = try CaseDeskTests.toEvidence(desk, id) }
                _ = try desk.openCase(
                    "C-6", organisation: "riverside", workflow: DeskFixtures.workflow,
                    framework: DeskFixtures.framework, by: "sec", at: time)
                let audit = ReplayAudit(desk: desk)
                #expect(try audit.run(.all).isClean)
                #expect(try audit.run(.all).counts["cases replayed"] == 6)

                // C-2: an event the workflow would not accept; C-3: an edited projection; C-4: an unreadable
                // payload; C-6 (no events): an edited projection.
                let open = try desk.load("C-2")
                try desk.log.append(
                    caseID: "C-2", expectedVersion: open.head.version, expectedHead: open.head.headHash,
                    events: [NewEvent(type: "decision.record", actor: "dana", occurredAt: time, payload: ["o": "x"])],
                    definitionHash: open.definitions.definitionHash, projection: open.head.projection)
                try db.execute("UPDATE cases SET status = 'awarded' WHERE case_id IN ('C-3', 'C-6')")
                try db.execute("SET session_replication_role = replica")  // as an insider, past the triggers
                try db.execute("UPDATE case_events SET payload = '{broken' WHERE case_id = 'C-4' AND seq = 2")
                try db.execute("RESET session_replication_role")
                // A fresh desk, as the command has: its definitions come from the database, which must not be used
                // while the store is streaming.
                let whole = try ReplayAudit(desk: CaseDesk(connection: db, blobs: desk.blobs)).run(.all)
                let named = try audit.run(.cases(ids + ["C-6"]))
                #expect(whole.findings == named.findings)
                #expect(whole.counts == named.counts)
                #expect(
                    whole.findings.map { "\($0.caseID) \($0.kind)" } == [
                        "C-2 replay-rejected", "C-3 projection-differs", "C-4 replay-rejected",
                        "C-6 projection-differs",
                    ])
            }
        }
    }
}

import AccreditEngine
import CaseService
import EvidenceStore
import PostgresTestSupport
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
                #expect(throws: ReplayFailure.self) { try desk.load("C-1") }
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
}

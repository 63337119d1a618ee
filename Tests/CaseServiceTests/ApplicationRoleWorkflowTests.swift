import AccreditEngine
import CaseService
import EvidenceStore
import Foundation
import PostgresTestSupport
import ServiceTestSupport
import Statecharts
import Testing

/// The whole workflow through the desk as the server's database role (issue #16), which may append and update
/// projections but not rewrite history: publishing, the directory, a case to its decision with evidence uploaded
/// and reviewed, deadlines delivered, the signing key created and rotated, automatic and requested checkpoints, and a
/// clean store audit. Everything the desk does must stay within the role's grants.
struct ApplicationRoleWorkflowTests {
    @Test func aCaseRunsToAwardAndAuditsCleanAsTheApplicationRole() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withApplicationRole { _, application in
                let app = try PostgresConnection(conninfo: application)
                try StoreRoles.requireLeastPrivilege(app)
                let desk = try DeskFixtures.desk(app, blobs: dir + "/blobs")
                let (key, created) = try desk.establishSigningKey(home: dir + "/home", by: "sec")
                #expect(created)
                let automatic = AutomaticCheckpoint(
                    signingKey: { key }, directory: CheckpointDirectory(path: dir + "/checkpoints"))
                desk.followUps.append(automatic)
                let fixture = CheckpointChainAttackTests.Fixture(
                    desk: desk, key: key, automatic: automatic, insider: Insider(app), directory: dir + "/checkpoints")

                let time = try CaseDeskTests.toEvidence(desk, "C-2")
                for criterion in try desk.load("C-2").definitions.machine.framework.criteria {
                    try TestFiles.write(Array("evidence for \(criterion.id)\n".utf8), to: dir + "/\(criterion.id).txt")
                    try desk.uploadEvidence(
                        "C-2", file: dir + "/\(criterion.id).txt", criterion: criterion.id, by: "ann", at: time)
                }
                try desk.completeSubmission("C-2", file: dir + "/SL-1.1.txt", at: time)
                try desk.fire("C-2", event: "evidence.submit", by: "ann", at: time)
                try desk.reviewEvidence(
                    "C-2", evidence: "E-1", accept: false, reason: "illegible", by: "alice", at: time)
                #expect(try desk.evidence(of: "C-2", for: "alice").first?.status == .rejected)
                _ = try CaseDeskTests.toEvidence(desk, "C-3")
                let delivered = try desk.fireDueTimers(at: time.adding(days: 91))
                #expect(delivered.contains { $0.caseID == "C-3" && $0.event == "deadline.evidence" })
                #expect(try desk.load("C-3").state.status == "evidence-lapsed")

                try CheckpointChainAttackTests.toDecision(
                    fixture, "C-1", rating: "met", outcome: ["outcome": "accredited"])
                #expect(try desk.load("C-1").state.status.contains("surveillance-scheduled"))
                #expect(automatic.published.count == 1)
                let rotated = try desk.rotateSigningKey(home: dir + "/home", by: "sec")
                let requested = try desk.publishCheckpoint(key: rotated.current)
                #expect(requested.checkpoint.sequence == 2)

                let verified = try desk.verifyStore(
                    .all, since: nil, trusted: TrustedKeys(publicKeys: [key.publicKey, rotated.current.publicKey]))
                #expect(verified.report.findings.isEmpty, "\(verified.report.findings)")
            }
        }
    }
}

import AccreditEngine
import CaseService
import EvidenceStore
import Foundation
import PostgresTestSupport
import ServiceTestSupport
import Statecharts
import Testing

/// Issue #15: an insider swaps an evidence file (a new file in the store, the evidence row and the upload event
/// pointed at it, the chain re-hashed). Everything agrees except that the original file is left behind: the audit
/// reports it, no repair deletes it, and only an administrator's logged decision disposes of it.
struct EvidenceSwapAttackTests {
    @Test func aSwappedFileLeavesAnOrphanThatIsReportedAndKeptUntilAnAdministratorDecides() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let time = try CaseDeskTests.toEvidence(desk)
                try TestFiles.write(Array("the real policy\n".utf8), to: dir + "/real.txt")
                let (original, _) = try desk.uploadEvidence(
                    "C-1", file: dir + "/real.txt", criterion: "SL-1.1", by: "ann", at: time)
                #expect(try StoreAudit(checks: desk.auditChecks()).run(.all).isClean)

                try TestFiles.write(Array("a convenient policy\n".utf8), to: dir + "/forged.txt")
                let forged = try desk.blobs.put(fileAt: dir + "/forged.txt")
                let insider = Insider(db)
                try insider.sql(
                    "UPDATE evidence SET sha256 = $1, size_bytes = $2 WHERE case_id = 'C-1' AND evidence_id = 'E-1'",
                    [.text(forged.sha256), .int(forged.size)])
                try insider.rewrite("C-1", from: original.recordedSeq) { envelope in
                    guard envelope.seq == original.recordedSeq, case .object(var payload) = envelope.payload else {
                        return
                    }
                    payload["sha256"] = .string(forged.sha256)
                    payload["size"] = .integer(forged.size)
                    envelope.payload = .object(payload)
                }
                let report = try StoreAudit(checks: desk.auditChecks()).run(.all)
                #expect(report.findings.map(\.kind) == [.evidenceOrphaned])
                #expect(report.findings.first?.actual == "file \(original.sha256)")
                #expect(report.findings.first?.description.hasPrefix("store: evidence-orphaned") == true)

                // A repair, however old the file, keeps it.
                var fsck = desk.evidenceFsck()
                fsck.graceSeconds = 0
                let repaired = try fsck.run(repair: true, now: Int64(Date.now.timeIntervalSince1970) + 86_400)
                #expect(repaired.map(\.kind) == [.orphaned])
                #expect(repaired.first?.repaired == false)
                #expect(desk.blobs.check(original.sha256) == .intact)

                // Only an administrator disposes of it, never of a file that evidence references, and the decision
                // is logged for good.
                let notAdmin = try #require(throws: CaseRefusal.self) {
                    try desk.discardEvidenceFile(original.sha256, reason: "swap", by: "alice")
                }
                #expect(notAdmin.rule == "access.evidence.dispose")
                let referenced = try #require(throws: CaseRefusal.self) {
                    try desk.discardEvidenceFile(forged.sha256, reason: "swap", by: "sec")
                }
                #expect(referenced.rule == "evidence.referenced")
                try desk.discardEvidenceFile(original.sha256, reason: "left behind by an investigated swap", by: "sec")
                #expect(desk.blobs.check(original.sha256) == .missing)
                #expect(try StoreAudit(checks: desk.auditChecks()).run(.all).isClean)
                let rows = try db.query("SELECT sha256, disposed_by, reason FROM evidence_disposals")
                #expect(try rows.map { try $0["disposed_by"].string() } == ["sec"])
                #expect(throws: PostgresError.self) { try db.execute("UPDATE evidence_disposals SET reason = 'x'") }
                #expect(throws: PostgresError.self) { try db.execute("DELETE FROM evidence_disposals") }
            }
        }
    }
}

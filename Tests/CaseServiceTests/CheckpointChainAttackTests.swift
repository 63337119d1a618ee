import AccreditEngine
import CaseService
import EvidenceStore
import Foundation
import PostgresTestSupport
import ServiceTestSupport
import Statecharts
import Testing

/// An insider with SQL access and the signing key rewrites history after a checkpoint (issue #15): every attack is
/// detected by verification, refused by the next checkpoint, or both, with a finding naming the case and event.
struct CheckpointChainAttackTests {
    /// A desk with the automatic checkpoint follow-up, its key and checkpoint directory.
    struct Fixture {
        let desk: CaseDesk
        let key: SigningKey
        let automatic: AutomaticCheckpoint
        let insider: Insider
        let directory: String
    }

    static func withFixture(_ body: (Fixture) throws -> Void) async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let key = try SigningKey.create(home: dir + "/home")
                let automatic = AutomaticCheckpoint(
                    signingKey: { key }, directory: CheckpointDirectory(path: dir + "/checkpoints"))
                desk.followUps.append(automatic)
                try body(
                    Fixture(
                        desk: desk, key: key, automatic: automatic, insider: Insider(db),
                        directory: dir + "/checkpoints"))
            }
        }
    }

    /// Runs a case to its decision with every criterion rated `rating`, then records `outcome`; returns its seq.
    @discardableResult
    static func toDecision(_ fixture: Fixture, _ caseID: String, rating: String, outcome: Value) throws -> Int64 {
        let desk = fixture.desk
        var time = try CaseDeskTests.toEvidence(desk, caseID)
        for criterion in try desk.load(caseID).definitions.machine.framework.criteria {
            time = time.adding(microseconds: 1_000_000)
            let file = fixture.directory + "-\(caseID)-\(criterion.id).txt"
            try TestFiles.write(Array("Evidence for \(criterion.id) of \(caseID)\n".utf8), to: file)
            try desk.uploadEvidence(caseID, file: file, criterion: criterion.id, by: "ann", at: time)
        }
        try desk.completeSubmission(caseID, file: fixture.directory + "-\(caseID)-SL-1.1.txt", at: time)
        return try decide(desk, caseID, rating: rating, outcome: outcome, at: time)
    }

    private static func decide(
        _ desk: CaseDesk, _ caseID: String, rating: String, outcome: Value, at time: Instant
    ) throws -> Int64 {
        try desk.fire(caseID, event: "evidence.submit", by: "ann", at: time)
        for criterion in try desk.load(caseID).definitions.machine.framework.criteria {
            try desk.fire(
                caseID, event: "review.rate", data: ["criterion": .string(criterion.id), "rating": .string(rating)],
                by: "alice", at: time)
        }
        for (event, actor) in [
            ("review.complete", "alice"), ("visit.schedule", "sec"), ("visit.complete", "lee"),
            ("findings.clear", "lee"), ("recommendation.submit", "lee"),
        ] {
            try desk.fire(caseID, event: event, by: actor, at: time)
        }
        return try desk.fire(caseID, event: "decision.record", data: outcome, by: "dana", at: time)
            .events[0].envelope.seq
    }

    static let refusal: Value = ["outcome": "not-accredited", "justification": "criteria not met"]

    /// A refusal turned into an award after the automatic checkpoint: the decision's payload rewritten, the chain
    /// re-hashed and the projection moved to the award state. Verification names the decision's seq, and the
    /// next checkpoint (automatic, after another case's decision, or on demand) refuses to sign over it.
    @Test func aRefusalRewrittenIntoAnAwardIsCaughtAndNeverSigned() async throws {
        try await Self.withFixture { fixture in
            let desk = fixture.desk
            let seq = try Self.toDecision(fixture, "C-1", rating: "not-met", outcome: Self.refusal)
            #expect(try desk.load("C-1").state.status == "refusal-appealable")
            let automatic = try #require(fixture.automatic.published.last?.checkpoint)
            #expect(automatic.head(of: "C-1")?.version == seq)
            #expect(FileManager.default.fileExists(atPath: fixture.directory + "/checkpoint-00000001.json"))

            try fixture.insider.rewrite("C-1", from: seq) { envelope in
                envelope.payload = ["outcome": "accredited", "justification": "criteria not met"]
            }
            try fixture.insider.sql(
                "UPDATE cases SET status = 'surveillance-scheduled,conditions-none' WHERE case_id = 'C-1'")

            let verified = try desk.verifyStore(
                .all, since: nil, trusted: TrustedKeys(publicKeys: [fixture.key.publicKey]))
            #expect(Self.kinds(verified.report.findings).contains("C-1@\(seq):checkpoint-head"))
            let refused = try #require(throws: CheckpointRefusal.self) {
                try desk.publishCheckpoint(key: fixture.key)
            }
            #expect(Self.kinds(refused.findings).contains("C-1@\(seq):checkpoint-head"))

            // Another case's decision takes an automatic checkpoint: refused too, reported without undoing it.
            let other = try Self.toDecision(fixture, "C-2", rating: "not-met", outcome: Self.refusal)
            #expect(try desk.log.head(of: "C-2").version == other)
            #expect(fixture.automatic.published.count == 1)
            #expect(try desk.latestCheckpoint()?.sequence == 1)
        }
    }

    /// The newest events of a case deleted and the head moved back, after the checkpoint covered them.
    @Test func deletedNewestEventsAreCaughtAndNeverSigned() async throws {
        try await Self.withFixture { fixture in
            let seq = try Self.toDecision(fixture, "C-1", rating: "not-met", outcome: Self.refusal)
            try fixture.insider.truncate("C-1", after: seq - 2)
            let verified = try fixture.desk.verifyStore(
                .all, since: nil, trusted: TrustedKeys(publicKeys: [fixture.key.publicKey]))
            #expect(Self.kinds(verified.report.findings).contains("C-1@\(seq):checkpoint-truncated"))
            let refused = try #require(throws: CheckpointRefusal.self) {
                try fixture.desk.publishCheckpoint(key: fixture.key)
            }
            #expect(Self.kinds(refused.findings).contains("C-1@\(seq):checkpoint-truncated"))
        }
    }

    /// A whole case opened before the newest checkpoint deleted with everything that refers to it.
    @Test func aDeletedCaseIsCaughtAndNeverSigned() async throws {
        try await Self.withFixture { fixture in
            _ = try CaseDeskTests.toEvidence(fixture.desk, "C-2")
            let seq = try Self.toDecision(fixture, "C-1", rating: "not-met", outcome: Self.refusal)
            #expect(try fixture.desk.latestCheckpoint()?.head(of: "C-2")?.version == 6)
            try fixture.insider.deleteCase("C-2")
            let verified = try fixture.desk.verifyStore(
                .all, since: nil, trusted: TrustedKeys(publicKeys: [fixture.key.publicKey]))
            #expect(Self.kinds(verified.report.findings) == ["C-2@6:checkpoint-truncated"])
            let refused = try #require(throws: CheckpointRefusal.self) {
                try fixture.desk.publishCheckpoint(key: fixture.key)
            }
            #expect(Self.kinds(refused.findings) == ["C-2@6:checkpoint-truncated"])
            #expect(seq > 4)
        }
    }

    /// Events after the latest checkpoint are stated as uncovered, and an exported bundle of them fails.
    @Test func eventsAfterTheCheckpointAreUncoveredAndABundleOfThemFails() async throws {
        try await Self.withFixture { fixture in
            let desk = fixture.desk
            _ = try CaseDeskTests.toEvidence(desk, "C-2")
            let published = try desk.publishCheckpoint(key: fixture.key).checkpoint
            #expect(published.sequence == 1 && published.head(of: "C-2")?.version == 6)
            try desk.fire("C-2", event: "case.withdraw", by: "ann", at: DeskFixtures.start.adding(years: 1))
            let coverage = try desk.verifyStore(.all, since: nil, trusted: nil).coverage
            #expect(coverage.sequence == 1 && coverage.events == 1 && coverage.cases == 1)
            #expect(coverage.uncovered == [UncoveredEvents(caseID: "C-2", first: 7, last: 7)])

            var bundle = try desk.exportBundle("C-2", withFiles: false)
            #expect(
                BundleVerifier.verify(bundle, trusting: TrustedKeys(publicKeys: [fixture.key.publicKey])).map(\.kind)
                    == [.checkpointUncovered])
            // Altered after the checkpoint and re-hashed: only the coverage rule stands between it and "valid".
            bundle.events[6].envelope.actor = "sec"
            bundle.events[6].hash = HashChain.hash(
                previous: bundle.events[6].previousHash, envelope: bundle.events[6].envelope)
            bundle.headHash = bundle.events[6].hash
            let altered = BundleVerifier.verify(bundle, trusting: TrustedKeys(publicKeys: [fixture.key.publicKey]))
            #expect(altered.map(\.kind).contains(.checkpointUncovered))
            #expect(altered.first { $0.kind == .checkpointUncovered }?.seq == 7)

            var invented = bundle
            invented.checkpoint = nil
            #expect(
                BundleVerifier.verify(invented, trusting: TrustedKeys(publicKeys: [fixture.key.publicKey])).map(\.kind)
                    .first
                    == .checkpointMissing)

            // An honest export checkpoints first, and is then fully covered.
            let taken = try #require(try desk.checkpointCovering("C-2", key: fixture.key))
            #expect(taken.checkpoint.sequence == 2 && taken.previous?.sequence == 1)
            #expect(try desk.checkpointCovering("C-2", key: fixture.key) == nil)
            let honest = try desk.exportBundle("C-2", withFiles: false)
            #expect(BundleVerifier.verify(honest, trusting: TrustedKeys(publicKeys: [fixture.key.publicKey])).isEmpty)
        }
    }

    /// A rewrite before an earlier stored checkpoint, with a newer checkpoint signed over it outside Accredit (the
    /// raw primitive, as any script with the key could): a plain `audit verify` still holds the history to every
    /// head any stored checkpoint recorded, not only the newest's.
    @Test func aCheckpointSignedOverARewriteDoesNotHideAnEarlierStoredOne() async throws {
        try await Self.withFixture { fixture in
            let desk = fixture.desk
            _ = try CaseDeskTests.toEvidence(desk, "C-1")
            let first = try desk.publishCheckpoint(key: fixture.key).checkpoint
            #expect(first.head(of: "C-1")?.version == 6)
            try fixture.insider.rewrite("C-1", from: 2) { envelope in
                if envelope.seq == 2 { envelope.occurredAt = envelope.occurredAt.adding(microseconds: 1) }
            }
            let forged = try CheckpointLog(connection: fixture.insider.db).publish(
                key: fixture.key, at: try desk.now())
            #expect(forged.checkpoint.sequence == 2)
            let verified = try desk.verifyStore(
                .all, since: nil, trusted: TrustedKeys(publicKeys: [fixture.key.publicKey]))
            #expect(Self.kinds(verified.report.findings).contains("C-1@6:checkpoint-head"))
        }
    }

    /// Rewrites made before a later checkpoint that was laundered (a newer one signed over them with the key,
    /// outside Accredit) are caught against an older published checkpoint; a rewritten checkpoint table is caught
    /// against the published checkpoint it no longer holds.
    @Test func aLaunderedOrForkedCheckpointChainIsCaughtAgainstAPublishedOne() async throws {
        try await Self.withFixture { fixture in
            let desk = fixture.desk
            _ = try CaseDeskTests.toEvidence(desk, "C-2")
            let first = try desk.publishCheckpoint(key: fixture.key).checkpoint
            let seq = try Self.toDecision(fixture, "C-1", rating: "not-met", outcome: Self.refusal)
            let second = try #require(try desk.latestCheckpoint())
            #expect(second.sequence == 2 && second.head(of: "C-1")?.version == seq)

            try fixture.insider.rewrite("C-1", from: seq) { envelope in
                envelope.payload = ["outcome": "accredited", "justification": "criteria not met"]
            }
            // Laundered: the insider signs a third checkpoint with the store primitive, skipping the audit.
            _ = try CheckpointLog(connection: fixture.insider.db).publish(key: fixture.key, at: try desk.now())
            let laundered = try desk.verifyStore(
                .all, since: first, trusted: TrustedKeys(publicKeys: [fixture.key.publicKey]))
            #expect(Self.kinds(laundered.report.findings).contains("C-1@\(seq):checkpoint-head"))

            // Forked: the insider rewrites the table from checkpoint 2 on, consistently with the rewrite.
            try fixture.insider.sql("DELETE FROM checkpoints WHERE sequence >= 2")
            _ = try CheckpointLog(connection: fixture.insider.db).publish(key: fixture.key, at: try desk.now())
            // Against checkpoint 1 alone the fork is invisible (C-1 came later): why every checkpoint is published.
            let fromFirst = try desk.verifyStore(
                .all, since: first, trusted: TrustedKeys(publicKeys: [fixture.key.publicKey]))
            #expect(!fromFirst.report.findings.contains { $0.kind == .checkpointChain || $0.kind == .checkpointHead })
            let forked = try desk.verifyStore(
                .all, since: second, trusted: TrustedKeys(publicKeys: [fixture.key.publicKey]))
            #expect(Self.kinds(forked.report.findings).contains("@-:checkpoint-chain"))
            #expect(Self.kinds(forked.report.findings).contains("C-1@\(seq):checkpoint-head"))
        }
    }

    static func kinds(_ findings: [AuditFinding]) -> [String] {
        findings.map { "\($0.caseID)@\($0.seq.map(String.init) ?? "-"):\($0.kind)" }
    }
}

import AccreditEngine
import EvidenceStore
import PostgresTestSupport
import Statecharts
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Tampering as an insider with SQL access would, bypassing the append-only triggers and foreign keys; each kind
/// must be detected and pinpointed by case and seq.
struct AuditVerificationTests {
    /// Case C-1 with five rated events and an evidence upload at seq 6; case C-2 with three events, left alone.
    struct Fixture {
        let db: PostgresConnection
        let blobs: BlobStore
        let dir: String
        let evidence: EvidenceRecord

        /// Runs the chain and evidence checks over every case.
        func audit(since checkpoint: Checkpoint? = nil) throws -> [AuditFinding] {
            try StoreAudit(checks: [
                ChainAudit(connection: db, checkpoint: checkpoint), EvidenceAudit(connection: db, blobs: blobs),
            ]).run(.all).findings
        }

        /// `kind@seq` of every finding; all must be about case C-1, or the store (a file left orphaned).
        func kinds(since checkpoint: Checkpoint? = nil) throws -> [String] {
            let findings = try audit(since: checkpoint)
            #expect(findings.allSatisfy { $0.caseID == "C-1" || $0.caseID.isEmpty }, "\(findings)")
            return findings.map { "\($0.kind)@\($0.seq.map(String.init) ?? "-")" }
        }

        /// Runs SQL as an insider: triggers and foreign keys off for this session.
        func tamper(_ sql: String, _ parameters: [PostgresValue] = []) throws {
            try db.execute("SET session_replication_role = replica")
            try db.execute(sql, parameters)
            try db.execute("RESET session_replication_role")
        }

        /// The stored events of C-1.
        func events() throws -> [StoredEvent] { try CaseLog(connection: db).events(of: "C-1") }
    }

    static func withFixture(_ body: (Fixture) throws -> Void) async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                try CaseFixtures.openCase(db)
                try CaseFixtures.openCase(db, caseID: "C-2")
                let log = CaseLog(connection: db)
                try log.append(
                    caseID: "C-1", expectedVersion: 0,
                    events: (1...5).map {
                        CaseFixtures.event(
                            "review.rated", by: "alice", ["score": .integer(Int64($0))])
                    },
                    definitionHash: "d", projection: CaseFixtures.projection)
                try log.append(
                    caseID: "C-2", expectedVersion: 0,
                    events: (1...3).map { _ in CaseFixtures.event("note") },
                    definitionHash: "d", projection: CaseFixtures.projection)
                let blobs = try BlobStore(root: dir + "/blobs")
                let evidence = try EvidenceRegistryTests.upload(
                    BlobStoreTests.pdf, named: "policy.pdf", criterion: "SL-1.1", db: db, blobs: blobs, dir: dir)
                let fixture = Fixture(db: db, blobs: blobs, dir: dir, evidence: evidence)
                #expect(try fixture.audit().isEmpty)
                try body(fixture)
            }
        }
    }

    @Test func anEditedPayloadIsPinpointed() async throws {
        try await Self.withFixture { fixture in
            try fixture.tamper("UPDATE case_events SET payload = '{\"score\":5}' WHERE case_id = 'C-1' AND seq = 2")
            #expect(try fixture.kinds() == ["hash-mismatch@2"])
        }
    }

    @Test func aReformattedPayloadIsNotCanonical() async throws {
        try await Self.withFixture { fixture in
            try fixture.tamper("UPDATE case_events SET payload = '{ \"score\": 2 }' WHERE case_id = 'C-1' AND seq = 2")
            #expect(try fixture.kinds() == ["payload-not-canonical@2"])
        }
    }

    @Test func anEditedActorIsPinpointed() async throws {
        try await Self.withFixture { fixture in
            try fixture.tamper("UPDATE case_events SET actor_id = 'dana' WHERE case_id = 'C-1' AND seq = 3")
            let findings = try fixture.audit()
            #expect(findings.map(\.kind) == [.hashMismatch])
            #expect(findings.first?.seq == 3)
        }
    }

    @Test func anEditedTimestampIsPinpointed() async throws {
        try await Self.withFixture { fixture in
            try fixture.tamper(
                "UPDATE case_events SET occurred_at = occurred_at - interval '1 day' WHERE case_id = 'C-1' AND seq = 4")
            #expect(try fixture.kinds() == ["hash-mismatch@4"])
        }
    }

    @Test func anEditedEvidenceHashIsPinpointed() async throws {
        try await Self.withFixture { fixture in
            try fixture.tamper(
                "UPDATE evidence SET sha256 = $1 WHERE case_id = 'C-1'", [.text(String(repeating: "ab", count: 32))])
            // The original file is left behind, unreferenced: an orphan of the store.
            #expect(try fixture.kinds() == ["evidence-orphaned@-", "evidence-missing@6", "evidence-metadata@6"])
        }
    }

    @Test func aDeletedEventLeavesAGap() async throws {
        try await Self.withFixture { fixture in
            try fixture.tamper("DELETE FROM case_events WHERE case_id = 'C-1' AND seq = 3")
            #expect(try fixture.kinds() == ["seq-gap@4", "broken-link@4"])
        }
    }

    @Test func aDeletedLastEventDisagreesWithTheHead() async throws {
        try await Self.withFixture { fixture in
            try fixture.tamper("DELETE FROM evidence WHERE case_id = 'C-1'")
            try fixture.tamper("DELETE FROM case_events WHERE case_id = 'C-1' AND seq = 6")
            #expect(try fixture.kinds() == ["evidence-orphaned@-", "head-version@6"])
        }
    }

    @Test func anInsertedEventIsCaughtEvenWhenCorrectlyChained() async throws {
        try await Self.withFixture { fixture in
            let last = try #require(try fixture.events().last)
            let forged = EventEnvelope(
                caseID: "C-1", seq: 7, type: "decision.recorded", actor: "dana", occurredAt: last.envelope.occurredAt,
                payload: ["award": "accredited"], definitionHash: "d")
            try fixture.tamper(
                """
                INSERT INTO case_events (case_id, seq, type, actor_id, occurred_at, payload, definition_hash, prev_hash, hash)
                VALUES ('C-1', 7, $1, $2, $3, $4, 'd', $5, $6)
                """,
                [
                    .text(forged.type), .text(forged.actor), .timestamp(forged.occurredAt),
                    .text(CanonicalJSON.encode(forged.payload)), .bytea(last.hash),
                    .bytea(HashChain.hash(previous: last.hash, envelope: forged)),
                ])
            #expect(try fixture.kinds() == ["head-version@7"])
        }
    }

    @Test func anInsertedEventInTheMiddleBreaksTheChainAfterIt() async throws {
        try await Self.withFixture { fixture in
            try fixture.tamper("UPDATE case_events SET seq = seq + 100 WHERE case_id = 'C-1' AND seq >= 3")
            try fixture.tamper("UPDATE case_events SET seq = seq - 99 WHERE case_id = 'C-1' AND seq > 100")
            let second = try #require(try fixture.events().first { $0.envelope.seq == 2 })
            let forged = EventEnvelope(
                caseID: "C-1", seq: 3, type: "review.rated", actor: "alice", occurredAt: second.envelope.occurredAt,
                payload: ["score": 1], definitionHash: "d")
            try fixture.tamper(
                """
                INSERT INTO case_events (case_id, seq, type, actor_id, occurred_at, payload, definition_hash, prev_hash, hash)
                VALUES ('C-1', 3, $1, $2, $3, $4, 'd', $5, $6)
                """,
                [
                    .text(forged.type), .text(forged.actor), .timestamp(forged.occurredAt),
                    .text(CanonicalJSON.encode(forged.payload)), .bytea(second.hash),
                    .bytea(HashChain.hash(previous: second.hash, envelope: forged)),
                ])
            let kinds = try fixture.kinds()
            #expect(kinds.first == "hash-mismatch@4")
            #expect(kinds.contains("broken-link@4") && kinds.contains("head-version@7"))
        }
    }

    @Test func reorderedEventsArePinpointed() async throws {
        try await Self.withFixture { fixture in
            try fixture.tamper("UPDATE case_events SET seq = 100 WHERE case_id = 'C-1' AND seq = 2")
            try fixture.tamper("UPDATE case_events SET seq = 2 WHERE case_id = 'C-1' AND seq = 3")
            try fixture.tamper("UPDATE case_events SET seq = 3 WHERE case_id = 'C-1' AND seq = 100")
            #expect(
                try fixture.kinds() == [
                    "hash-mismatch@2", "broken-link@2", "hash-mismatch@3", "broken-link@3", "broken-link@4",
                ])
        }
    }

    @Test func editedProjectionsArePinpointed() async throws {
        try await Self.withFixture { fixture in
            try fixture.tamper("UPDATE cases SET version = 4 WHERE case_id = 'C-1'")
            #expect(try fixture.kinds() == ["head-version@5"])
            try fixture.tamper(
                "UPDATE cases SET version = 6, head_hash = $1 WHERE case_id = 'C-1'",
                [.bytea([UInt8](repeating: 7, count: 32))])
            #expect(try fixture.kinds() == ["head-hash@6"])
        }
    }

    @Test func swappedEvidenceBytesArePinpointed() async throws {
        try await Self.withFixture { fixture in
            let path = fixture.blobs.path(of: fixture.evidence.sha256)
            chmod(path, 0o600)
            try TestFiles.write(Array("%PDF-1.7 forged\n".utf8), to: path)
            let findings = try fixture.audit()
            #expect(findings.map(\.kind) == [.evidenceCorrupt])
            #expect(findings.first?.seq == 6 && findings.first?.expected.contains(fixture.evidence.sha256) == true)
        }
    }

    @Test func aConsistentlyRewrittenTailIsCaughtOnlySinceACheckpoint() async throws {
        try await Self.withFixture { fixture in
            let key = try SigningKey.create(home: fixture.dir + "/home")
            let (_, checkpoint) = try CheckpointLog(connection: fixture.db).publish(key: key, at: CaseFixtures.opened)
            #expect(checkpoint.head(of: "C-1")?.version == 6)
            #expect(try fixture.audit(since: checkpoint).isEmpty)

            var previous = HashChain.genesis
            for event in try fixture.events() {
                var envelope = event.envelope
                if envelope.seq >= 3 { envelope.actor = "dana" }
                let hash = HashChain.hash(previous: previous, envelope: envelope)
                try fixture.tamper(
                    "UPDATE case_events SET actor_id = $2, prev_hash = $3, hash = $4 WHERE case_id = 'C-1' AND seq = $1",
                    [.int(envelope.seq), .text(envelope.actor), .bytea(previous), .bytea(hash)])
                previous = hash
            }
            try fixture.tamper("UPDATE cases SET head_hash = $1 WHERE case_id = 'C-1'", [.bytea(previous)])

            #expect(try fixture.audit().isEmpty, "plain chain verification cannot see a consistent rewrite")
            #expect(try fixture.kinds(since: checkpoint) == ["checkpoint-head@6"])
        }
    }

    @Test func aCaseDeletedAfterACheckpointIsReported() async throws {
        try await Self.withFixture { fixture in
            let key = try SigningKey.create(home: fixture.dir + "/home")
            let (_, checkpoint) = try CheckpointLog(connection: fixture.db).publish(key: key, at: CaseFixtures.opened)
            try fixture.tamper("DELETE FROM evidence WHERE case_id = 'C-1'")
            try fixture.tamper("DELETE FROM case_events WHERE case_id = 'C-1'")
            try fixture.tamper("DELETE FROM cases WHERE case_id = 'C-1'")
            #expect(try fixture.kinds(since: checkpoint) == ["evidence-orphaned@-", "checkpoint-truncated@6"])
        }
    }

    @Test func oneCaseCanBeAuditedAndAnUnknownOneIsNotFound() async throws {
        try await Self.withFixture { fixture in
            try fixture.tamper("UPDATE case_events SET actor_id = 'dana' WHERE case_id = 'C-1' AND seq = 3")
            let chain = ChainAudit(connection: fixture.db)
            #expect(try chain.run(.cases(["C-2"])).isClean)
            let report = try chain.run(.cases(["C-1"]))
            #expect(report.findings.map(\.kind) == [.hashMismatch] && report.counts["events"] == 6)
            #expect(throws: StoreError.self) { try chain.run(.cases(["C-404"])) }
            for pageSize: Int64 in [1, 2, 3, 9] {
                var paged = ChainAudit(connection: fixture.db)
                paged.pageSize = pageSize
                let all = try paged.run(.all)
                #expect(all.counts["events"] == 9 && all.counts["cases"] == 2)
                #expect(all.findings.map { "\($0.kind)@\($0.seq ?? 0)" } == ["hash-mismatch@3"])
            }
        }
    }
}

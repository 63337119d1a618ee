import Statecharts
import Testing

@testable import AccreditEngine

/// The whole-store audit checks raw column bytes (``RawChainRecord``) and copies an event out only when it is not
/// in order; both routes must report exactly the same findings and end in the same state.
struct RawChainRecordTests {
    /// Runs records through a verifier as raw bytes and as records; returns both outcomes.
    static func both(_ records: [ChainRecord], checkpoint: CaseHeadClaim? = nil) -> (raw: Outcome, full: Outcome) {
        var raw = ChainVerifier(caseID: "C-1", checkpoint: checkpoint)
        var full = ChainVerifier(caseID: "C-1", checkpoint: checkpoint)
        for record in records {
            full.check(record)
            withRaw(record) { raw.check($0) }
        }
        let stored = ChainVerifierTests.head(ChainVerifierTests.chain(5))
        return (
            Outcome(raw.finish(stored: stored), raw.recomputedHead, raw.eventCount, raw.lastSeq),
            Outcome(full.finish(stored: stored), full.recomputedHead, full.eventCount, full.lastSeq)
        )
    }

    /// What a verifier ended with.
    struct Outcome: Equatable {
        let findings: [AuditFinding]
        let head: [UInt8]
        let events: Int64
        let lastSeq: Int64

        init(_ findings: [AuditFinding], _ head: [UInt8], _ events: Int64, _ lastSeq: Int64) {
            self.findings = findings
            self.head = head
            self.events = events
            self.lastSeq = lastSeq
        }
    }

    /// Calls `body` with the record's columns as raw bytes, as a binary COPY row would give them.
    static func withRaw(_ record: ChainRecord, _ body: (RawChainRecord) -> Void) {
        let envelope = record.envelope
        let columns = [
            Array(envelope.caseID.utf8), Array(envelope.type.utf8), Array(envelope.actor.utf8),
            Array((record.storedPayload ?? CanonicalJSON.encode(envelope.payload)).utf8),
            Array(envelope.definitionHash.utf8), record.previousHash, record.hash,
        ]
        columns[0].withUnsafeBytes { caseID in
            columns[1].withUnsafeBytes { type in
                columns[2].withUnsafeBytes { actor in
                    columns[3].withUnsafeBytes { payload in
                        columns[4].withUnsafeBytes { definition in
                            columns[5].withUnsafeBytes { previous in
                                columns[6].withUnsafeBytes { hash in
                                    body(
                                        RawChainRecord(
                                            caseID: caseID, seq: envelope.seq, type: type, actor: actor,
                                            occurredAt: envelope.occurredAt, payload: payload,
                                            definitionHash: definition, previousHash: previous, hash: hash))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// A clean chain and every kind of tampering the record route detects.
    static let cases: [(String, [ChainRecord])] = {
        let clean = ChainVerifierTests.chain(5)
        var edited = clean
        edited[2].envelope.actor = "mallory"
        var payload = clean
        payload[1].storedPayload = #"{"n":2,"note":"forged"}"#
        var reformatted = clean
        reformatted[3].storedPayload = #"{ "note":"ok", "n":4 }"#
        var rehashed = clean
        rehashed[1].envelope.type = "forged"
        rehashed[1].hash = HashChain.hash(previous: rehashed[1].previousHash, envelope: rehashed[1].envelope)
        var timestamp = clean
        timestamp[4].envelope.occurredAt = Instant(microsecondsSinceEpoch: 1)
        var otherCase = clean
        otherCase[2].envelope.caseID = "C-2"
        var shortHash = clean
        shortHash[3].hash = Array(shortHash[3].hash.prefix(31))
        return [
            ("clean", clean), ("edited actor", edited), ("edited payload", payload),
            ("reformatted payload", reformatted), ("rehashed event", rehashed), ("edited time", timestamp),
            ("wrong case", otherCase), ("short hash", shortHash), ("gap", [clean[0], clean[2], clean[3], clean[4]]),
            ("duplicate", [clean[0], clean[1], clean[1], clean[2], clean[3], clean[4]]),
            ("reordered", [clean[0], clean[2], clean[1], clean[3], clean[4]]), ("truncated", Array(clean.prefix(3))),
            ("non-ASCII and escapes", Self.unusual()),
        ]
    }()

    /// A consistent chain whose strings need escaping or are not ASCII, so every event takes the full route.
    static func unusual() -> [ChainRecord] {
        var previous = HashChain.genesis
        return (1...5).map { seq in
            let envelope = EventEnvelope(
                caseID: "C-1", seq: Int64(seq), type: seq % 2 == 0 ? "review \"rated\"" : "review.rated",
                actor: seq % 3 == 0 ? "ålice\\" : "alice", occurredAt: Instant(microsecondsSinceEpoch: Int64(seq)),
                payload: ["n": .integer(Int64(seq))], definitionHash: "d")
            let hash = HashChain.hash(previous: previous, envelope: envelope)
            defer { previous = hash }
            return ChainRecord(
                envelope: envelope, previousHash: previous, hash: hash,
                storedPayload: CanonicalJSON.encode(envelope.payload))
        }
    }

    @Test(arguments: cases.map(\.0))
    func rawAndRecordRoutesAgree(_ name: String) throws {
        let records = try #require(Self.cases.first { $0.0 == name }?.1)
        let (raw, full) = Self.both(records)
        #expect(raw == full)
        #expect(raw.findings.isEmpty == (name == "clean"))
    }

    @Test func eventsInOrderTakeTheRawRouteAndOthersTheFullOne() {
        var verifier = ChainVerifier(caseID: "C-1")
        for record in ChainVerifierTests.chain(5) { Self.withRaw(record) { verifier.check($0) } }
        #expect(verifier.rawChecks == 5)
        var unusual = ChainVerifier(caseID: "C-1")
        for record in Self.unusual() { Self.withRaw(record) { unusual.check($0) } }
        #expect(unusual.rawChecks == 2, "only the events with plain strings (seq 1 and 5)")
        #expect(unusual.finish(stored: nil).isEmpty)
    }

    @Test func aCheckpointedHeadIsTakenOnTheRawRoute() {
        let records = ChainVerifierTests.chain(5)
        let good = CaseHeadClaim(version: 3, head: records[2].hash)
        #expect(Self.both(records, checkpoint: good).raw.findings.isEmpty)
        let bad = CaseHeadClaim(version: 3, head: records[1].hash)
        let (raw, full) = Self.both(records, checkpoint: bad)
        #expect(raw == full)
        #expect(raw.findings.map(\.kind) == [.checkpointHead])
    }
}

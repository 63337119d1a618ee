import AccreditEngine
import Statecharts
import Testing

struct ChainVerifierTests {
    /// A consistent chain of `count` events for case C-1.
    static func chain(_ count: Int, caseID: String = "C-1") -> [ChainRecord] {
        var previous = HashChain.genesis
        return (1...count).map { seq in
            let envelope = EventEnvelope(
                caseID: caseID, seq: Int64(seq), type: "review.rated", actor: "alice",
                occurredAt: Instant(microsecondsSinceEpoch: Int64(seq) * 1_000_000),
                payload: ["n": .integer(Int64(seq)), "note": "ok"], definitionHash: "d")
            let hash = HashChain.hash(previous: previous, envelope: envelope)
            defer { previous = hash }
            return ChainRecord(
                envelope: envelope, previousHash: previous, hash: hash,
                storedPayload: CanonicalJSON.encode(envelope.payload))
        }
    }

    static func head(_ records: [ChainRecord]) -> CaseHeadClaim {
        CaseHeadClaim(version: records.last?.envelope.seq ?? 0, head: records.last?.hash ?? HashChain.genesis)
    }

    static func kinds(_ findings: [AuditFinding]) -> [String] {
        findings.map { "\($0.kind)@\($0.seq.map(String.init) ?? "-")" }
    }

    @Test func aConsistentChainIsClean() {
        let records = Self.chain(5)
        #expect(ChainVerifier.verify(caseID: "C-1", records: records, stored: Self.head(records)).isEmpty)
        #expect(ChainVerifier.verify(caseID: "C-1", records: [], stored: Self.head([])).isEmpty)
    }

    @Test func anEditedEventIsPinpointedAtItsSeq() {
        var records = Self.chain(5)
        let stored = Self.head(records)
        records[2].envelope.actor = "mallory"
        let findings = ChainVerifier.verify(caseID: "C-1", records: records, stored: stored)
        #expect(Self.kinds(findings) == ["hash-mismatch@3"])
        #expect(findings.first?.expected != findings.first?.actual)
    }

    @Test func aRehashedEventBreaksTheNextLink() {
        var records = Self.chain(4)
        let stored = Self.head(records)
        records[1].envelope.type = "forged"
        records[1].hash = HashChain.hash(previous: records[1].previousHash, envelope: records[1].envelope)
        #expect(
            Self.kinds(ChainVerifier.verify(caseID: "C-1", records: records, stored: stored)) == ["broken-link@3"])
    }

    @Test func gapsDuplicatesAndReorderingAreNamed() {
        let records = Self.chain(5)
        let stored = Self.head(records)
        let gap = ChainVerifier.verify(
            caseID: "C-1", records: [records[0], records[2], records[3], records[4]], stored: stored)
        #expect(Self.kinds(gap) == ["seq-gap@3", "broken-link@3"])
        let duplicate = ChainVerifier.verify(
            caseID: "C-1", records: [records[0], records[1], records[1], records[2], records[3], records[4]],
            stored: stored)
        #expect(Self.kinds(duplicate) == ["seq-duplicate@2", "broken-link@2"])
        let swapped = ChainVerifier.verify(
            caseID: "C-1", records: [records[0], records[2], records[1], records[3], records[4]], stored: stored)
        #expect(
            Self.kinds(swapped) == ["seq-gap@3", "broken-link@3", "seq-order@2", "broken-link@2", "broken-link@4"])
    }

    @Test func nonCanonicalAndUnreadablePayloadsAreReported() {
        var records = Self.chain(2)
        let stored = Self.head(records)
        records[0].storedPayload = "{\"note\": \"ok\", \"n\": 1}"
        records[1].storedPayload = "{not json"
        #expect(
            Self.kinds(ChainVerifier.verify(caseID: "C-1", records: records, stored: stored))
                == ["payload-not-canonical@1", "payload-unreadable@2", "hash-mismatch@2"])
    }

    @Test func theStoredHeadIsComparedWithTheLog() {
        let records = Self.chain(3)
        let behind = CaseHeadClaim(version: 2, head: records[1].hash)
        #expect(Self.kinds(ChainVerifier.verify(caseID: "C-1", records: records, stored: behind)) == ["head-version@3"])
        let wrongHead = CaseHeadClaim(version: 3, head: records[1].hash)
        #expect(Self.kinds(ChainVerifier.verify(caseID: "C-1", records: records, stored: wrongHead)) == ["head-hash@3"])
        #expect(
            Self.kinds(ChainVerifier.verify(caseID: "C-1", records: records.dropLast(), stored: Self.head(records)))
                == ["head-version@3"])
    }

    @Test func aConsistentlyRewrittenTailIsCaughtOnlyByACheckpoint() {
        let original = Self.chain(6)
        let checkpoint = CaseHeadClaim(version: 4, head: original[3].hash)
        var forged = Array(original.prefix(2))
        var previous = original[1].hash
        for record in original[2...] {
            var envelope = record.envelope
            envelope.actor = "mallory"
            let hash = HashChain.hash(previous: previous, envelope: envelope)
            forged.append(
                ChainRecord(
                    envelope: envelope, previousHash: previous, hash: hash,
                    storedPayload: CanonicalJSON.encode(envelope.payload)))
            previous = hash
        }
        #expect(ChainVerifier.verify(caseID: "C-1", records: forged, stored: Self.head(forged)).isEmpty)
        let findings = ChainVerifier.verify(
            caseID: "C-1", records: forged, stored: Self.head(forged), checkpoint: checkpoint)
        #expect(Self.kinds(findings) == ["checkpoint-head@4"])
        #expect(
            ChainVerifier.verify(caseID: "C-1", records: original, stored: Self.head(original), checkpoint: checkpoint)
                .isEmpty)
        #expect(
            Self.kinds(
                ChainVerifier.verify(
                    caseID: "C-1", records: original.prefix(3), stored: Self.head(Array(original.prefix(3))),
                    checkpoint: checkpoint)) == ["checkpoint-truncated@4"])
    }

    @Test func findingsPrintCaseSeqKindExpectedAndFound() {
        let finding = AuditFinding(
            caseID: "C-1", seq: 3, kind: .hashMismatch, expected: "aa", actual: "bb", message: "changed")
        #expect(finding.description == "case C-1 seq 3: hash-mismatch: expected aa, found bb (changed)")
    }
}

import Statecharts
import Testing

@testable import AccreditEngine

struct EnvelopeEncodingTests {
    static let envelopes: [EventEnvelope] = [
        EventEnvelope(
            caseID: "C-1", seq: 1, type: "application.submit", actor: "sam", occurredAt: .epoch, payload: .null,
            definitionHash: "d"),
        EventEnvelope(
            caseID: "C-2026.0001", seq: 9_000_000_000, type: "review \"rated\"\n", actor: "ålice\\é",
            occurredAt: Instant(microsecondsSinceEpoch: 1_767_600_000_123_456),
            payload: ["z": [1, 2.5, "x\u{1}"], "a": ["nested": true], "é": .null], definitionHash: "ab\tc"),
        EventEnvelope(
            caseID: "C-3", seq: 2, type: "t", actor: "😀", occurredAt: Instant(microsecondsSinceEpoch: -86_400_000_001),
            payload: "text", definitionHash: ""),
        EventEnvelope(
            caseID: "C-4", seq: 3, type: "t", actor: "a",
            occurredAt: Instant(microsecondsSinceEpoch: 253_402_300_800_000_000),
            payload: [], definitionHash: "d"),
        EventEnvelope(
            caseID: "C-5", seq: 4, type: "t", actor: "a",
            occurredAt: Instant(iso8601: "2026-02-28T23:59:59.000010Z") ?? .epoch,
            payload: [:], definitionHash: "d"),
    ]

    @Test(arguments: envelopes) func fastBytesEqualTheCanonicalEnvelope(envelope: EventEnvelope) {
        let bytes = EnvelopeEncoding.bytes(envelope, payload: CanonicalJSON.encodedBytes(envelope.payload))
        #expect(bytes == CanonicalJSON.encodedBytes(envelope.value))
        #expect(envelope.canonicalBytes == CanonicalJSON.encodedBytes(envelope.value))
        var hasher = EnvelopeHasher()
        hasher.encode(envelope)
        #expect(hasher.bytes == bytes)
        let hash = HashChain.hash(previous: HashChain.genesis, envelope: envelope)
        #expect(Array(hasher.digest(after: HashChain.genesis)) == hash)
        let matchesAfterGenesis = hasher.matches(hash, previous: HashChain.genesis, envelope: envelope)
        let matchesAfterItself = hasher.matches(hash, previous: hash, envelope: envelope)
        #expect(matchesAfterGenesis && !matchesAfterItself)
    }
}

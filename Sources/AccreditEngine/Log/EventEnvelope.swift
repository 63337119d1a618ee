import Statecharts

/// One accepted case event exactly as it is hashed and stored: who did what to which case, when, with what data.
public struct EventEnvelope: Hashable, Sendable {
    /// The case the event belongs to.
    public var caseID: String
    /// The event's position in the case log, 1-based and gapless.
    public var seq: Int64
    /// The event name, such as `application.submit` or `evidence.uploaded`.
    public var type: String
    /// The id of the actor who sent it (`system` for timers).
    public var actor: String
    /// When it happened; the engine's only notion of time.
    public var occurredAt: Instant
    /// The event data.
    public var payload: Value
    /// The SHA-256 of the workflow and framework versions the case ran on when the event was accepted.
    public var definitionHash: String

    /// Creates an envelope.
    public init(
        caseID: String, seq: Int64, type: String, actor: String, occurredAt: Instant, payload: Value,
        definitionHash: String
    ) {
        self.caseID = caseID
        self.seq = seq
        self.type = type
        self.actor = actor
        self.occurredAt = occurredAt
        self.payload = payload
        self.definitionHash = definitionHash
    }

    /// The envelope as a JSON object; its canonical text is what the hash chain covers.
    public var value: Value {
        .object([
            "case": .string(caseID), "seq": .integer(seq), "type": .string(type), "actor": .string(actor),
            "occurredAt": .string(occurredAt.iso8601), "payload": payload, "definitionHash": .string(definitionHash),
        ])
    }

    /// The canonical JSON bytes of ``value``, written directly (the fixed keys in sorted order, no dictionary).
    public var canonicalBytes: [UInt8] {
        EnvelopeEncoding.bytes(self, payload: CanonicalJSON.encodedBytes(payload))
    }
}

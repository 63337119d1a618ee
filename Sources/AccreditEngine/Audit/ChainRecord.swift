import Statecharts

/// One stored event as the audit sees it: the envelope to hash, the hashes stored beside it, and the payload text.
public struct ChainRecord: Hashable, Sendable {
    /// The envelope rebuilt from the stored columns; its payload is not consulted when ``storedPayload`` is given.
    public var envelope: EventEnvelope
    /// The stored previous hash.
    public var previousHash: [UInt8]
    /// The stored hash.
    public var hash: [UInt8]
    /// The payload text exactly as stored, when the caller has it. It is then authoritative: it is hashed as stored
    /// (so readers need not parse it) and, only when that hash does not match, parsed to check its canonical form.
    public var storedPayload: String?

    /// Creates a record.
    public init(envelope: EventEnvelope, previousHash: [UInt8], hash: [UInt8], storedPayload: String? = nil) {
        self.envelope = envelope
        self.previousHash = previousHash
        self.hash = hash
        self.storedPayload = storedPayload
    }
}

/// One stored event as the audit sees it: the envelope to hash, the hashes stored beside it, and the payload text.
public struct ChainRecord: Hashable, Sendable {
    /// The envelope rebuilt from the stored columns.
    public var envelope: EventEnvelope
    /// The stored previous hash.
    public var previousHash: [UInt8]
    /// The stored hash.
    public var hash: [UInt8]
    /// The payload text exactly as stored, when the caller has it; checked for canonical form.
    public var storedPayload: String?

    /// Creates a record.
    public init(envelope: EventEnvelope, previousHash: [UInt8], hash: [UInt8], storedPayload: String? = nil) {
        self.envelope = envelope
        self.previousHash = previousHash
        self.hash = hash
        self.storedPayload = storedPayload
    }
}

import Statecharts

/// One stored event as the raw bytes of its columns, valid only while the caller holds them: what the whole-store
/// audit reads from a binary `COPY`, checked without building strings or arrays when it is in order.
public struct RawChainRecord {
    /// The case id's UTF-8 bytes.
    public var caseID: UnsafeRawBufferPointer
    /// The event's seq.
    public var seq: Int64
    /// The event name's UTF-8 bytes.
    public var type: UnsafeRawBufferPointer
    /// The actor id's UTF-8 bytes.
    public var actor: UnsafeRawBufferPointer
    /// When the event happened.
    public var occurredAt: Instant
    /// The payload text exactly as stored.
    public var payload: UnsafeRawBufferPointer
    /// The definition hash's UTF-8 bytes.
    public var definitionHash: UnsafeRawBufferPointer
    /// The stored previous hash.
    public var previousHash: UnsafeRawBufferPointer
    /// The stored hash.
    public var hash: UnsafeRawBufferPointer

    /// Creates a record over column bytes.
    public init(
        caseID: UnsafeRawBufferPointer, seq: Int64, type: UnsafeRawBufferPointer, actor: UnsafeRawBufferPointer,
        occurredAt: Instant, payload: UnsafeRawBufferPointer, definitionHash: UnsafeRawBufferPointer,
        previousHash: UnsafeRawBufferPointer, hash: UnsafeRawBufferPointer
    ) {
        self.caseID = caseID
        self.seq = seq
        self.type = type
        self.actor = actor
        self.occurredAt = occurredAt
        self.payload = payload
        self.definitionHash = definitionHash
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The case id as text.
    public var caseIDText: String { String(decoding: caseID, as: UTF8.self) }

    /// The record with its strings and hashes copied out, for the full checks.
    public var record: ChainRecord {
        func text(_ bytes: UnsafeRawBufferPointer) -> String { String(decoding: bytes, as: UTF8.self) }
        let envelope = EventEnvelope(
            caseID: caseIDText, seq: seq, type: text(type), actor: text(actor), occurredAt: occurredAt,
            payload: .null, definitionHash: text(definitionHash))
        return ChainRecord(
            envelope: envelope, previousHash: Array(previousHash), hash: Array(hash), storedPayload: text(payload))
    }

    /// Whether every string column is printable ASCII without quotes or backslashes, so its bytes are already its
    /// canonical JSON string content (anything else takes the full path through `String`).
    var hasPlainStrings: Bool {
        Self.isPlain(caseID) && Self.isPlain(type) && Self.isPlain(actor) && Self.isPlain(definitionHash)
    }

    private static func isPlain(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for byte in bytes where byte < 0x20 || byte >= 0x80 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
        {
            return false
        }
        return true
    }
}

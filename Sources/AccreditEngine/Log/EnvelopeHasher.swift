import Crypto
import Statecharts

/// Recomputes chain hashes over many events with one reusable buffer: the same bytes and hashes as
/// ``HashChain/hash(previous:envelope:)``, without allocating per event.
public struct EnvelopeHasher: Sendable {
    /// The canonical JSON of the envelope last encoded.
    private(set) var bytes: [UInt8] = []

    /// Creates a hasher.
    public init() {}

    /// SHA-256(previous ‖ canonical JSON of the envelope).
    public mutating func hash(previous: [UInt8], envelope: EventEnvelope) -> [UInt8] {
        encode(envelope)
        return Array(digest(after: previous))
    }

    /// SHA-256(previous ‖ canonical JSON of the envelope), the payload given as its canonical JSON bytes (the
    /// envelope's own payload value is not read): for a writer that stores those bytes too and encodes them once.
    public mutating func hash(previous: [UInt8], envelope: EventEnvelope, canonicalPayload: [UInt8]) -> [UInt8] {
        encode(envelope, payload: .bytes(canonicalPayload))
        return Array(digest(after: previous))
    }

    /// Whether the event's hash after `previous` is `expected`.
    public mutating func matches(_ expected: [UInt8], previous: [UInt8], envelope: EventEnvelope) -> Bool {
        encode(envelope)
        return Self.equal(digest(after: previous), expected)
    }

    /// Encodes an envelope into the buffer, its payload taken from `payload`.
    mutating func encode(_ envelope: EventEnvelope, payload: EnvelopeEncoding.Payload = .value) {
        bytes.removeAll(keepingCapacity: true)
        EnvelopeEncoding.write(envelope, payload: payload, into: &bytes)
    }

    /// Encodes a raw record with plain strings into the buffer (see ``RawChainRecord/hasPlainStrings``).
    mutating func encode(raw: RawChainRecord) {
        bytes.removeAll(keepingCapacity: true)
        EnvelopeEncoding.write(raw: raw, into: &bytes)
    }

    /// SHA-256(previous ‖ the encoded envelope), the previous hash given as raw bytes.
    func digest(afterRaw previous: UnsafeRawBufferPointer) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(bufferPointer: previous)
        hasher.update(data: bytes)
        return hasher.finalize()
    }

    /// Whether two byte runs are equal (hashes: short, compared in full).
    static func same(_ raw: UnsafeRawBufferPointer, _ bytes: [UInt8]) -> Bool {
        guard raw.count == bytes.count else { return false }
        return bytes.withUnsafeBytes { stored in
            var difference: UInt8 = 0
            for index in 0..<raw.count { difference |= raw[index] ^ stored[index] }
            return difference == 0
        }
    }

    /// Whether a digest equals raw stored hash bytes.
    static func equal(_ digest: SHA256Digest, raw: UnsafeRawBufferPointer) -> Bool {
        guard raw.count == SHA256Digest.byteCount else { return false }
        return digest.withUnsafeBytes { computed in
            var difference: UInt64 = 0
            for offset in stride(from: 0, to: SHA256Digest.byteCount, by: 8) {
                difference |=
                    computed.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            }
            return difference == 0
        }
    }

    /// SHA-256(previous ‖ the encoded envelope).
    func digest(after previous: [UInt8]) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: bytes)
        return hasher.finalize()
    }

    /// Whether a digest equals stored hash bytes.
    static func equal(_ digest: SHA256Digest, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { equal(digest, raw: $0) }
    }
}

extension Array where Element == UInt8 {
    /// The digest's bytes.
    init(_ digest: SHA256Digest) {
        self = digest.withUnsafeBytes { Array($0) }
    }
}

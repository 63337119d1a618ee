import Crypto

/// Recomputes chain hashes over many events with one reusable buffer: the same bytes and hashes as
/// ``HashChain/hash(previous:envelope:)``, without allocating per event.
public struct EnvelopeHasher: Sendable {
    private var buffer: [UInt8] = []

    /// Creates a hasher.
    public init() {}

    /// SHA-256(previous ‖ canonical JSON of the envelope).
    public mutating func hash(previous: [UInt8], envelope: EventEnvelope) -> [UInt8] {
        digest(previous: previous, envelope: envelope).withUnsafeBytes { Array($0) }
    }

    /// Whether the event's hash after `previous` is `expected`.
    public mutating func matches(_ expected: [UInt8], previous: [UInt8], envelope: EventEnvelope) -> Bool {
        digest(previous: previous, envelope: envelope).withUnsafeBytes { $0.elementsEqual(expected) }
    }

    private mutating func digest(previous: [UInt8], envelope: EventEnvelope) -> SHA256Digest {
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: previous)
        EnvelopeEncoding.write(envelope, payload: nil, into: &buffer)
        return SHA256.hash(data: buffer)
    }
}

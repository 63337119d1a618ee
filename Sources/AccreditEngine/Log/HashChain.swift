import Crypto
import Statecharts

/// The tamper-evident chain over a case's events: each hash is SHA-256 over the previous hash and the event's
/// canonical envelope, so changing, removing or reordering any event changes every hash after it.
public enum HashChain {
    /// The "previous hash" of a case's first event: 32 zero bytes.
    public static let genesis = [UInt8](repeating: 0, count: 32)

    /// The hash of one event given the hash before it.
    ///
    /// - Parameters:
    ///   - previous: The previous event's hash, or ``genesis`` for the first event.
    ///   - envelope: The event.
    /// - Returns: 32 bytes: SHA-256(previous ‖ canonical JSON of the envelope).
    public static func hash(previous: [UInt8], envelope: EventEnvelope) -> [UInt8] {
        var hasher = EnvelopeHasher()
        return hasher.hash(previous: previous, envelope: envelope)
    }

    /// Hashes a run of events that follows `previous`, returning one hash per event.
    public static func hashes(after previous: [UInt8], envelopes: [EventEnvelope]) -> [[UInt8]] {
        var last = previous
        var hasher = EnvelopeHasher()
        return envelopes.map { envelope in
            last = hasher.hash(previous: last, envelope: envelope)
            return last
        }
    }

    /// Lowercase hexadecimal text of bytes, as hashes are shown to people.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

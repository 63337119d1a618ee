import Crypto

/// A faster route to an envelope's canonical bytes for verification: the payload is encoded once (and reused for the
/// canonical-text check), and the fixed envelope keys are written in their sorted order without building a
/// dictionary. The output is byte for byte the canonical JSON of ``EventEnvelope/value`` (tests hold it to that).
enum EnvelopeEncoding {
    /// The canonical JSON of `envelope`, given the canonical bytes of its payload.
    static func bytes(_ envelope: EventEnvelope, payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + envelope.caseID.utf8.count + envelope.type.utf8.count + 160)
        write(envelope, payload: payload, into: &out)
        return out
    }

    /// Appends the canonical JSON of `envelope`; its payload is written from `payload` when given (the canonical
    /// bytes), else encoded from the envelope's value.
    static func write(_ envelope: EventEnvelope, payload: [UInt8]?, into out: inout [UInt8]) {
        out.append(contentsOf: #"{"actor":"#.utf8)
        appendString(envelope.actor, to: &out)
        out.append(contentsOf: #","case":"#.utf8)
        appendString(envelope.caseID, to: &out)
        out.append(contentsOf: #","definitionHash":"#.utf8)
        appendString(envelope.definitionHash, to: &out)
        out.append(contentsOf: #","occurredAt":"#.utf8)
        appendInstant(envelope.occurredAt, to: &out)
        out.append(contentsOf: #","payload":"#.utf8)
        if let payload {
            out.append(contentsOf: payload)
        } else {
            CanonicalJSONWriter.append(envelope.payload, to: &out)
        }
        out.append(contentsOf: #","seq":"#.utf8)
        appendInteger(envelope.seq, to: &out)
        out.append(contentsOf: #","type":"#.utf8)
        appendString(envelope.type, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// SHA-256(previous ‖ envelope bytes), as ``HashChain/hash(previous:envelope:)`` computes it.
    static func hash(previous: [UInt8], envelopeBytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: envelopeBytes)
        return hasher.finalize().withUnsafeBytes { Array($0) }
    }

    /// Appends the decimal digits of an integer.
    private static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 {
            out.append(contentsOf: String(value).utf8)
            return
        }
        var divisor: Int64 = 1
        while divisor <= value / 10 { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    /// Appends a JSON string: raw between quotes when nothing needs escaping, else through the canonical writer.
    private static func appendString(_ text: String, to out: inout [UInt8]) {
        var text = text
        let appended = text.withUTF8 { buffer -> Bool in
            for byte in buffer where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                return false
            }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: buffer)
            out.append(UInt8(ascii: "\""))
            return true
        }
        if !appended { out.append(contentsOf: CanonicalJSON.encodedBytes(.string(text))) }
    }

    /// Appends `"…"` with ``Instant/iso8601`` text, written digit by digit for years 0…9999.
    private static func appendInstant(_ instant: Instant, to out: inout [UInt8]) {
        let c = instant.civil
        guard (0...9999).contains(c.year) else {
            appendString(instant.iso8601, to: &out)
            return
        }
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        out.append(UInt8(ascii: "\""))
        digits(Int(c.year), 4)
        out.append(UInt8(ascii: "-"))
        digits(c.month, 2)
        out.append(UInt8(ascii: "-"))
        digits(c.day, 2)
        out.append(UInt8(ascii: "T"))
        digits(c.hour, 2)
        out.append(UInt8(ascii: ":"))
        digits(c.minute, 2)
        out.append(UInt8(ascii: ":"))
        digits(c.second, 2)
        if c.microsecond != 0 {
            out.append(UInt8(ascii: "."))
            digits(c.microsecond, 6)
        }
        out.append(contentsOf: #"Z""#.utf8)
    }
}

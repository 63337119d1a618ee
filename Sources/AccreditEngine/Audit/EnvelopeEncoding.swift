import Statecharts

/// A faster route to an envelope's canonical bytes for verification: the payload is encoded once (and reused for the
/// canonical-text check), and the fixed envelope keys are written in their sorted order without building a
/// dictionary. The output is byte for byte the canonical JSON of ``EventEnvelope/value`` (tests hold it to that).
enum EnvelopeEncoding {
    /// The canonical JSON of `envelope`, given the canonical bytes of its payload.
    static func bytes(_ envelope: EventEnvelope, payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + envelope.caseID.utf8.count + envelope.type.utf8.count + 160)
        write(envelope, payload: .bytes(payload), into: &out)
        return out
    }

    /// Where an envelope's payload bytes come from.
    enum Payload {
        /// Encoded from the envelope's value.
        case value
        /// Canonical JSON bytes, used as given.
        case bytes([UInt8])
        /// Payload text as stored, used as given.
        case text(String)
    }

    /// Appends the canonical JSON of `envelope` with its payload taken from `payload`.
    static func write(_ envelope: EventEnvelope, payload: Payload, into out: inout [UInt8]) {
        appendStatic(#"{"actor":"#, to: &out)
        appendString(envelope.actor, to: &out)
        appendStatic(#","case":"#, to: &out)
        appendString(envelope.caseID, to: &out)
        appendStatic(#","definitionHash":"#, to: &out)
        appendString(envelope.definitionHash, to: &out)
        appendStatic(#","occurredAt":"#, to: &out)
        appendInstant(envelope.occurredAt, to: &out)
        appendStatic(#","payload":"#, to: &out)
        switch payload {
        case .value:
            CanonicalJSON.append(envelope.payload, to: &out)
        case .bytes(let bytes):
            out.append(contentsOf: bytes)
        case .text(var text):
            text.withUTF8 { out.append(contentsOf: $0) }
        }
        appendStatic(#","seq":"#, to: &out)
        appendInteger(envelope.seq, to: &out)
        appendStatic(#","type":"#, to: &out)
        appendString(envelope.type, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// Appends the canonical JSON of a raw record whose strings are plain (``RawChainRecord/hasPlainStrings``) and
    /// whose payload text is taken as stored: the same bytes ``write(_:payload:into:)`` gives for it.
    static func write(raw: RawChainRecord, into out: inout [UInt8]) {
        func quoted(_ bytes: UnsafeRawBufferPointer) {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: bytes)
            out.append(UInt8(ascii: "\""))
        }
        appendStatic(#"{"actor":"#, to: &out)
        quoted(raw.actor)
        appendStatic(#","case":"#, to: &out)
        quoted(raw.caseID)
        appendStatic(#","definitionHash":"#, to: &out)
        quoted(raw.definitionHash)
        appendStatic(#","occurredAt":"#, to: &out)
        appendInstant(raw.occurredAt, to: &out)
        appendStatic(#","payload":"#, to: &out)
        out.append(contentsOf: raw.payload)
        appendStatic(#","seq":"#, to: &out)
        appendInteger(raw.seq, to: &out)
        appendStatic(#","type":"#, to: &out)
        quoted(raw.type)
        out.append(UInt8(ascii: "}"))
    }

    /// Appends a literal's bytes without going through `String`.
    @inline(__always)
    private static func appendStatic(_ text: StaticString, to out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
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

    /// Appends `"…"` with ``Instant/iso8601`` text, formatted in a stack buffer for years 0…9999.
    private static func appendInstant(_ instant: Instant, to out: inout [UInt8]) {
        let c = instant.civil
        guard (0...9999).contains(c.year) else {
            appendString(instant.iso8601, to: &out)
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { text in
            var end = 0
            func put(_ byte: UInt8) {
                text[end] = byte
                end += 1
            }
            func two(_ value: Int) {
                put(UInt8(ascii: "0") + UInt8(value / 10))
                put(UInt8(ascii: "0") + UInt8(value % 10))
            }
            put(UInt8(ascii: "\""))
            two(Int(c.year) / 100)
            two(Int(c.year) % 100)
            put(UInt8(ascii: "-"))
            two(c.month)
            put(UInt8(ascii: "-"))
            two(c.day)
            put(UInt8(ascii: "T"))
            two(c.hour)
            put(UInt8(ascii: ":"))
            two(c.minute)
            put(UInt8(ascii: ":"))
            two(c.second)
            if c.microsecond != 0 {
                put(UInt8(ascii: "."))
                two(c.microsecond / 10_000)
                two(c.microsecond / 100 % 100)
                two(c.microsecond % 100)
            }
            put(UInt8(ascii: "Z"))
            put(UInt8(ascii: "\""))
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[0..<end]))
        }
    }
}

import Crypto

/// A faster route to an envelope's canonical bytes for verification: the payload is encoded once (and reused for the
/// canonical-text check), and the fixed envelope keys are written in their sorted order without building a
/// dictionary. The output is byte for byte ``EventEnvelope/canonicalBytes`` (tests hold it to that).
enum EnvelopeEncoding {
    /// The canonical JSON of `envelope`, given the canonical bytes of its payload.
    static func bytes(_ envelope: EventEnvelope, payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + envelope.caseID.utf8.count + envelope.type.utf8.count + 160)
        out.append(contentsOf: #"{"actor":"#.utf8)
        appendString(envelope.actor, to: &out)
        out.append(contentsOf: #","case":"#.utf8)
        appendString(envelope.caseID, to: &out)
        out.append(contentsOf: #","definitionHash":"#.utf8)
        appendString(envelope.definitionHash, to: &out)
        out.append(contentsOf: #","occurredAt":"#.utf8)
        appendString(envelope.occurredAt.iso8601, to: &out)
        out.append(contentsOf: #","payload":"#.utf8)
        out.append(contentsOf: payload)
        out.append(contentsOf: #","seq":"#.utf8)
        out.append(contentsOf: String(envelope.seq).utf8)
        out.append(contentsOf: #","type":"#.utf8)
        appendString(envelope.type, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// SHA-256(previous ‖ envelope bytes), as ``HashChain/hash(previous:envelope:)`` computes it.
    static func hash(previous: [UInt8], envelopeBytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: envelopeBytes)
        return Array(hasher.finalize())
    }

    /// Appends a JSON string: raw between quotes when nothing needs escaping, else through the canonical writer.
    private static func appendString(_ text: String, to out: inout [UInt8]) {
        let plain = text.utf8.allSatisfy { $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
        guard plain else {
            out.append(contentsOf: CanonicalJSON.encodedBytes(.string(text)))
            return
        }
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: text.utf8)
        out.append(UInt8(ascii: "\""))
    }
}

/// Writes values as canonical JSON text; see ``CanonicalJSON``.
struct CanonicalJSONWriter {
    /// The text written so far.
    private(set) var output = ""

    /// Appends the canonical form of `value`.
    mutating func write(_ value: Value) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .integer(let number): output += String(number)
        case .decimal(let number): output += Self.decimalText(number)
        case .string(let text): writeString(text)
        case .array(let elements):
            output += "["
            for (position, element) in elements.enumerated() {
                if position > 0 { output += "," }
                write(element)
            }
            output += "]"
        case .object(let members):
            output += "{"
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (position, key) in keys.enumerated() {
                if position > 0 { output += "," }
                writeString(key)
                output += ":"
                guard let member = members[key] else { preconditionFailure("key taken from the dictionary itself") }
                write(member)
            }
            output += "}"
        }
    }

    /// The shortest round-trip text of a finite double, with `.0` added to integral values; `null` if not finite.
    static func decimalText(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        let text = number.description
        if text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { return text }
        return text + ".0"
    }

    /// Appends a quoted, minimally escaped string.
    private mutating func writeString(_ text: String) {
        output += "\""
        var pendingStart = text.unicodeScalars.startIndex
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if let escape = Self.escape(scalar) {
                output.unicodeScalars.append(contentsOf: scalars[pendingStart..<index])
                output += escape
                pendingStart = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        output.unicodeScalars.append(contentsOf: scalars[pendingStart..<scalars.endIndex])
        output += "\""
    }

    /// The escape sequence for `scalar`, or `nil` when it is written raw.
    private static func escape(_ scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case "\u{08}": return "\\b"
        case "\u{0C}": return "\\f"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default:
            guard scalar.value < 0x20 else { return nil }
            let hex = String(scalar.value, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
    }
}

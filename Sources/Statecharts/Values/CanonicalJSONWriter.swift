/// Writes values as canonical JSON text; see ``CanonicalJSON``.
///
/// It works on UTF-8 bytes: every character that needs escaping is ASCII, so multi-byte sequences are copied as
/// they are, and whole runs of plain bytes are appended at once.
struct CanonicalJSONWriter {
    /// The UTF-8 bytes written so far.
    private(set) var bytes: [UInt8] = []

    /// The text written so far.
    var output: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends the canonical form of `value` to `bytes`, reusing that buffer.
    static func append(_ value: Value, to bytes: inout [UInt8]) {
        var writer = CanonicalJSONWriter()
        swap(&writer.bytes, &bytes)
        writer.write(value)
        swap(&writer.bytes, &bytes)
    }

    /// Appends the canonical form of `value`.
    mutating func write(_ value: Value) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .integer(let number): append(String(number))
        case .decimal(let number): append(Self.decimalText(number))
        case .string(let text): writeString(text)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                write(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            writeMembers(members)
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Writes an object's members in UTF-8 key order; small objects are sorted in a stack buffer.
    private mutating func writeMembers(_ members: [String: Value]) {
        guard members.count <= 16 else {
            let sorted = members.sorted { Self.precedes($0.key, $1.key) }
            for (position, member) in sorted.enumerated() {
                writeMember(member.key, member.value, first: position == 0)
            }
            return
        }
        withUnsafeTemporaryAllocation(of: (key: String, value: Value).self, capacity: members.count) { buffer in
            guard let order = buffer.baseAddress else { return }
            var count = 0
            for member in members {
                var slot = count
                while slot > 0, Self.precedes(member.key, order[slot - 1].key) { slot -= 1 }
                if slot < count { (order + slot + 1).moveInitialize(from: order + slot, count: count - slot) }
                (order + slot).initialize(to: member)
                count += 1
            }
            for position in 0..<count { writeMember(order[position].key, order[position].value, first: position == 0) }
            order.deinitialize(count: count)
        }
    }

    /// Whether `a` sorts before `b` by UTF-8 bytes, the canonical key order.
    static func precedes(_ a: String, _ b: String) -> Bool {
        var left = a.utf8.makeIterator()
        var right = b.utf8.makeIterator()
        while true {
            guard let x = left.next() else { return right.next() != nil }
            guard let y = right.next() else { return false }
            if x != y { return x < y }
        }
    }

    private mutating func writeMember(_ key: String, _ value: Value, first: Bool) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
        write(value)
    }

    /// The shortest round-trip text of a finite double, with `.0` added to integral values; `null` if not finite.
    static func decimalText(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        let text = number.description
        if text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { return text }
        return text + ".0"
    }

    private mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends a quoted, minimally escaped string.
    private mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var utf8 = text.utf8
        let handled: Void? = utf8.withContiguousStorageIfAvailable { buffer in appendEscaped(buffer) }
        if handled == nil {
            var copy = text
            copy.makeContiguousUTF8()
            utf8 = copy.utf8
            _ = utf8.withContiguousStorageIfAvailable { buffer in appendEscaped(buffer) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscaped(_ buffer: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        for index in 0..<buffer.count {
            let byte = buffer[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<index]))
            append(Self.escape(byte))
            runStart = index + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<buffer.count]))
    }

    /// The escape sequence for an ASCII byte that must be escaped.
    private static func escape(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\""): return "\\\""
        case UInt8(ascii: "\\"): return "\\\\"
        case 0x08: return "\\b"
        case 0x0C: return "\\f"
        case UInt8(ascii: "\n"): return "\\n"
        case UInt8(ascii: "\r"): return "\\r"
        case UInt8(ascii: "\t"): return "\\t"
        default:
            let hex = String(byte, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
    }
}

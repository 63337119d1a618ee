/// A strict RFC 8259 parser over UTF-8 bytes; see ``CanonicalJSON/parse(_:maximumDepth:)-([UInt8],_)``.
///
/// Recursion depth is bounded by `maximumDepth`, and every byte is visited a bounded number of times, so hostile
/// input fails with an error instead of exhausting the stack or running in superlinear time.
struct CanonicalJSONParser {
    /// The input.
    let bytes: [UInt8]
    /// The deepest nesting accepted.
    let maximumDepth: Int
    /// The next byte to read.
    var position = 0
    /// The current nesting of arrays and objects.
    var depth = 0

    /// Creates a parser over `bytes`.
    init(bytes: [UInt8], maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    /// Parses exactly one value surrounded by optional whitespace.
    mutating func parseDocument() throws(JSONParseError) -> Value {
        skipWhitespace()
        guard position < bytes.count else { throw error("the input is empty: expected a JSON value") }
        let value = try parseValue()
        skipWhitespace()
        guard position == bytes.count else {
            throw error("unexpected \(describeCurrent()) after the JSON value: remove the trailing content")
        }
        return value
    }

    /// Parses any value at the current position.
    mutating func parseValue() throws(JSONParseError) -> Value {
        guard position < bytes.count else { throw error("the input ended where a value was expected") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try parseKeyword("true", .bool(true))
        case UInt8(ascii: "f"): return try parseKeyword("false", .bool(false))
        case UInt8(ascii: "n"): return try parseKeyword("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default:
            throw error(
                "unexpected \(describeCurrent()): expected a value (object, array, string, number, true, false or null)"
            )
        }
    }

    /// Parses an object, rejecting duplicate keys and trailing commas.
    mutating func parseObject() throws(JSONParseError) -> Value {
        try enterContainer()
        position += 1
        var members: [String: Value] = [:]
        skipWhitespace()
        if consume(UInt8(ascii: "}")) {
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw error("expected a string key in double quotes, found \(describeCurrent())")
            }
            let keyOffset = position
            let key = try parseString()
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else {
                throw error("expected ':' after the object key, found \(describeCurrent())")
            }
            skipWhitespace()
            let member = try parseValue()
            guard members.updateValue(member, forKey: key) == nil else {
                throw error("duplicate key \"\(key)\": each key may appear only once in an object", at: keyOffset)
            }
            skipWhitespace()
            if consume(UInt8(ascii: "}")) { break }
            guard consume(UInt8(ascii: ",")) else {
                throw error("expected ',' or '}' in the object, found \(describeCurrent())")
            }
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                throw error("trailing comma before '}': remove it")
            }
        }
        depth -= 1
        return .object(members)
    }

    /// Parses an array, rejecting trailing commas.
    mutating func parseArray() throws(JSONParseError) -> Value {
        try enterContainer()
        position += 1
        var elements: [Value] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) {
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            if consume(UInt8(ascii: "]")) { break }
            guard consume(UInt8(ascii: ",")) else {
                throw error("expected ',' or ']' in the array, found \(describeCurrent())")
            }
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                throw error("trailing comma before ']': remove it")
            }
        }
        depth -= 1
        return .array(elements)
    }

    /// Counts one more level of nesting, failing beyond the limit.
    mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        guard depth <= maximumDepth else {
            throw error("nesting deeper than \(maximumDepth) levels: flatten the document")
        }
    }

    /// Parses a literal keyword such as `true`.
    mutating func parseKeyword(_ word: String, _ value: Value) throws(JSONParseError) -> Value {
        let expected = Array(word.utf8)
        guard bytes.count - position >= expected.count,
            bytes[position..<position + expected.count].elementsEqual(expected)
        else { throw error("unexpected \(describeCurrent()): did you mean '\(word)'? (JSON keywords are lowercase)") }
        position += expected.count
        return value
    }

    /// Skips JSON whitespace: space, tab, line feed, carriage return.
    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// Advances past `byte` if it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// A human description of the byte at the current position.
    func describeCurrent() -> String {
        guard position < bytes.count else { return "end of input" }
        let byte = bytes[position]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16)
        return "byte 0x" + (hex.count < 2 ? "0" + hex : hex)
    }

    /// An error at `offset` (default: the current position) with line and column computed from the input.
    func error(_ message: String, at offset: Int? = nil) -> JSONParseError {
        let errorOffset = min(offset ?? position, bytes.count)
        var line = 1
        var lineStart = 0
        for index in 0..<errorOffset where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return JSONParseError(offset: errorOffset, line: line, column: errorOffset - lineStart + 1, message: message)
    }
}

extension CanonicalJSONParser {
    /// Parses a double-quoted string, validating UTF-8 and escapes.
    mutating func parseString() throws(JSONParseError) -> String {
        position += 1
        var buffer: [UInt8] = []
        while true {
            guard position < bytes.count else { throw error("unterminated string: add the closing '\"'") }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                let scalar = try parseEscape()
                UTF8.encode(scalar) { buffer.append($0) }
            case 0x00..<0x20:
                throw error(
                    "raw control character \(describeCurrent()) in a string: "
                        + "write it as an escape such as \\n or \\u001f"
                )
            case 0x20..<0x80:
                buffer.append(byte)
                position += 1
            default:
                let length = try utf8SequenceLength()
                buffer.append(contentsOf: bytes[position..<position + length])
                position += length
            }
        }
    }

    /// Parses one escape sequence starting at the backslash, joining surrogate pairs.
    mutating func parseEscape() throws(JSONParseError) -> Unicode.Scalar {
        let start = position
        position += 1
        guard position < bytes.count else { throw error("unterminated escape at the end of input") }
        let letter = bytes[position]
        position += 1
        switch letter {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try parseHex4()
            if (0xDC00...0xDFFF).contains(high) {
                throw error("lone low surrogate \\u\(String(high, radix: 16)): use a valid surrogate pair", at: start)
            }
            guard (0xD800...0xDBFF).contains(high) else {
                guard let scalar = Unicode.Scalar(high) else { preconditionFailure("non-surrogate BMP value") }
                return scalar
            }
            guard bytes.count - position >= 2, bytes[position] == UInt8(ascii: "\\"),
                bytes[position + 1] == UInt8(ascii: "u")
            else {
                throw error(
                    "lone high surrogate: follow \\ud800-\\udbff with a low surrogate \\udc00-\\udfff", at: start)
            }
            position += 2
            let low = try parseHex4()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw error("high surrogate not followed by a low surrogate \\udc00-\\udfff", at: start)
            }
            let combined = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            guard let scalar = Unicode.Scalar(combined) else { preconditionFailure("surrogate pair is in range") }
            return scalar
        default:
            throw error(
                "invalid escape '\\\(Character(Unicode.Scalar(letter)))': "
                    + "use one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uHHHH",
                at: start)
        }
    }

    /// Parses four hexadecimal digits.
    mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        var result: UInt32 = 0
        for _ in 0..<4 {
            guard position < bytes.count, let digit = Self.hexValue(bytes[position]) else {
                throw error("expected four hexadecimal digits after \\u, found \(describeCurrent())")
            }
            result = result << 4 | digit
            position += 1
        }
        return result
    }

    /// The value of a hexadecimal digit, or `nil`.
    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// The length of the well-formed multi-byte UTF-8 sequence at the current position (RFC 3629 table).
    func utf8SequenceLength() throws(JSONParseError) -> Int {
        let lead = bytes[position]
        let (length, secondRange): (Int, ClosedRange<UInt8>)
        switch lead {
        case 0xC2...0xDF: (length, secondRange) = (2, 0x80...0xBF)
        case 0xE0: (length, secondRange) = (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, secondRange) = (3, 0x80...0xBF)
        case 0xED: (length, secondRange) = (3, 0x80...0x9F)
        case 0xF0: (length, secondRange) = (4, 0x90...0xBF)
        case 0xF1...0xF3: (length, secondRange) = (4, 0x80...0xBF)
        case 0xF4: (length, secondRange) = (4, 0x80...0x8F)
        default: throw error("invalid UTF-8 \(describeCurrent()): the input must be UTF-8 encoded")
        }
        guard bytes.count - position >= length, secondRange.contains(bytes[position + 1]),
            bytes[position + 2..<position + length].allSatisfy({ (0x80...0xBF).contains($0) })
        else {
            throw error("invalid UTF-8 sequence starting with \(describeCurrent()): the input must be UTF-8 encoded")
        }
        return length
    }

    /// Parses a number: integers that fit `Int64` become `.integer`, everything else a finite `.decimal`.
    mutating func parseNumber() throws(JSONParseError) -> Value {
        let start = position
        var isInteger = true
        _ = consume(UInt8(ascii: "-"))
        guard position < bytes.count, Self.isDigit(bytes[position]) else {
            throw error("expected a digit after '-', found \(describeCurrent())")
        }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, Self.isDigit(bytes[position]) {
                throw error("leading zeros are not allowed in numbers: write the number without them", at: start)
            }
        } else {
            skipDigits()
        }
        if consume(UInt8(ascii: ".")) {
            isInteger = false
            guard position < bytes.count, Self.isDigit(bytes[position]) else {
                throw error("expected a digit after the decimal point, found \(describeCurrent())")
            }
            skipDigits()
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard position < bytes.count, Self.isDigit(bytes[position]) else {
                throw error("expected a digit in the exponent, found \(describeCurrent())")
            }
            skipDigits()
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isInteger, let integer = Int64(text) { return .integer(integer) }
        guard let decimal = Double(text), decimal.isFinite else {
            throw error("number \(text) is too large to represent: use a smaller number or a string", at: start)
        }
        return .decimal(decimal)
    }

    /// Advances past a run of ASCII digits.
    mutating func skipDigits() {
        while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
    }

    /// Whether `byte` is an ASCII digit.
    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}

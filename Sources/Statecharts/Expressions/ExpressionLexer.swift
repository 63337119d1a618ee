/// Splits expression source into tokens; columns count Unicode scalars from 1.
struct ExpressionLexer {
    /// The longest source accepted, in Unicode scalars.
    static let maximumLength = 65_536

    /// The source's scalars.
    private let scalars: [Unicode.Scalar]
    /// The next scalar to read.
    private var position = 0
    /// Whether the previous token ended a value, so that a following `.` is member access, not a decimal point.
    private var previousEndsValue = false

    /// Creates a lexer over `source`.
    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    /// Returns every token, ending with ``ExpressionToken/Kind/end``.
    static func tokenize(_ source: String) throws(ExpressionError) -> [ExpressionToken] {
        var lexer = ExpressionLexer(source)
        guard lexer.scalars.count <= maximumLength else {
            throw ExpressionError(
                kind: .syntax, column: 1,
                message: "expression is longer than \(maximumLength) characters: move the logic into a host function")
        }
        var tokens: [ExpressionToken] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            switch token.kind {
            case .symbol(let symbol): lexer.previousEndsValue = symbol == ")" || symbol == "]" || symbol == "}"
            default: lexer.previousEndsValue = true
            }
            if token.kind == .end { return tokens }
        }
    }

    /// A syntax error at a zero-based scalar offset.
    private func syntax(_ message: String, at offset: Int) -> ExpressionError {
        ExpressionError(kind: .syntax, column: offset + 1, message: message)
    }

    /// The scalar at `offset`, or `nil` past the end.
    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    /// Reads the next token.
    private mutating func next() throws(ExpressionError) -> ExpressionToken {
        while let scalar = peek(), scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
            position += 1
        }
        let start = position
        guard let scalar = peek() else { return ExpressionToken(kind: .end, column: start + 1) }
        if Self.isDigit(scalar) || (scalar == "." && !previousEndsValue && peek(1).map(Self.isDigit) == true) {
            return ExpressionToken(kind: try number(), column: start + 1)
        }
        if Self.isIdentifierStart(scalar) {
            while let next = peek(), Self.isIdentifierStart(next) || Self.isDigit(next) { position += 1 }
            let name = String(String.UnicodeScalarView(scalars[start..<position]))
            let isKeyword = name == "true" || name == "false" || name == "null"
            return ExpressionToken(kind: isKeyword ? .keyword(name) : .identifier(name), column: start + 1)
        }
        if scalar == "'" || scalar == "\"" {
            return ExpressionToken(kind: .string(try string(quote: scalar)), column: start + 1)
        }
        return ExpressionToken(kind: .symbol(try symbol()), column: start + 1)
    }

    /// Reads an operator or punctuation symbol.
    private mutating func symbol() throws(ExpressionError) -> String {
        let start = position
        let first = scalars[position]
        let second = peek(1)
        let pair = second.map { String(first) + String($0) }
        if let pair, ["<=", ">=", "==", "!=", "&&", "||"].contains(pair) {
            position += 2
            return pair
        }
        let single = String(first)
        if ["(", ")", "[", "]", "{", "}", ".", ",", ":", "!", "-", "+", "*", "/", "%", "<", ">"].contains(single) {
            position += 1
            return single
        }
        switch single {
        case "=": throw syntax("unexpected '=': use '==' to compare (assignment is done by <assign>)", at: start)
        case "&": throw syntax("unexpected '&': use '&&' for logical and", at: start)
        case "|": throw syntax("unexpected '|': use '||' for logical or", at: start)
        default: throw syntax("unexpected character '\(single)': remove it or put it inside a string", at: start)
        }
    }

    /// Reads an integer (`42`) or decimal (`3.5`, `.5`) literal.
    private mutating func number() throws(ExpressionError) -> ExpressionToken.Kind {
        let start = position
        while let next = peek(), Self.isDigit(next) { position += 1 }
        var isInteger = true
        if peek() == "." {
            guard let digit = peek(1), Self.isDigit(digit) else {
                throw syntax("expected a digit after the decimal point: write 3.0 rather than 3.", at: position)
            }
            isInteger = false
            position += 1
            while let next = peek(), Self.isDigit(next) { position += 1 }
        }
        if let next = peek(), Self.isIdentifierStart(next) {
            throw syntax("unexpected '\(next)' after a number: identifiers may not start with a digit", at: position)
        }
        let text = String(String.UnicodeScalarView(scalars[start..<position]))
        if isInteger {
            guard let integer = Int64(text) else {
                throw syntax(
                    "integer literal \(text) does not fit in 64 bits: use a decimal such as \(text).0", at: start)
            }
            return .integer(integer)
        }
        guard let decimal = Double(text), decimal.isFinite else {
            throw syntax("decimal literal \(text) is too large", at: start)
        }
        return .decimal(decimal)
    }

    /// Reads a quoted string with escapes `\\ \' \" \n \t \r \uHHHH`.
    private mutating func string(quote: Unicode.Scalar) throws(ExpressionError) -> String {
        let start = position
        position += 1
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = peek() else {
                throw syntax("unterminated string: add the closing \(quote)", at: start)
            }
            position += 1
            if scalar == quote { return String(text) }
            guard scalar == "\\" else {
                text.append(scalar)
                continue
            }
            guard let escaped = peek() else { throw syntax("unterminated string: add the closing \(quote)", at: start) }
            position += 1
            switch escaped {
            case "\\", "'", "\"": text.append(escaped)
            case "n": text.append("\n")
            case "t": text.append("\t")
            case "r": text.append("\r")
            case "u": text.append(try unicodeEscape(at: position - 2))
            default:
                throw syntax(
                    "invalid escape '\\\(escaped)': use \\\\, \\', \\\", \\n, \\t, \\r or \\uHHHH", at: position - 2)
            }
        }
    }

    /// Reads the four hexadecimal digits of a `\u` escape that begins at `escapeStart`.
    private mutating func unicodeEscape(at escapeStart: Int) throws(ExpressionError) -> Unicode.Scalar {
        var code: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = peek(), digit.isASCII, let value = UInt32(String(digit), radix: 16) else {
                throw syntax("\\u must be followed by four hexadecimal digits", at: escapeStart)
            }
            code = code << 4 | value
            position += 1
        }
        guard let scalar = Unicode.Scalar(code) else {
            throw syntax(
                "\\u\(String(code, radix: 16)) is a surrogate, not a character: write the character itself",
                at: escapeStart)
        }
        return scalar
    }

    /// Whether `scalar` is an ASCII digit.
    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    /// Whether `scalar` may start an identifier: an ASCII letter or underscore.
    static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
    }
}

/// Canonical JSON: one exact byte sequence per ``Value``, for snapshots and for hosts that hash or sign values.
///
/// The writer sorts object keys by their UTF-8 bytes, writes no insignificant whitespace, escapes strings minimally
/// (`\"`, `\\`, `\b \f \n \r \t`, other control characters as lowercase `\u00xx`; everything else raw), writes
/// integers in plain decimal and decimals in Swift's shortest round-trip form, with `.0` appended to integral values
/// so that they parse back as decimals. A non-finite decimal cannot be built through this module; if one appears
/// anyway it is written as `null`, so the output is always valid JSON.
///
/// The parser is strict RFC 8259 (see ``CanonicalJSON/parse(_:)-(String)``).
public enum CanonicalJSON {
    /// The nesting depth of arrays and objects the parser accepts by default.
    public static let defaultMaximumDepth = 256

    /// Returns the canonical JSON text of `value`.
    /// - Parameter value: The value to write.
    /// - Returns: Canonical JSON text; always valid JSON.
    public static func encode(_ value: Value) -> String {
        var writer = CanonicalJSONWriter()
        writer.write(value)
        return writer.output
    }

    /// Appends the canonical JSON of a value to a byte buffer (for writers that reuse one buffer).
    /// - Parameters:
    ///   - value: The value to encode.
    ///   - bytes: The buffer to append to.
    public static func append(_ value: Value, to bytes: inout [UInt8]) {
        CanonicalJSONWriter.append(value, to: &bytes)
    }

    /// Returns the canonical JSON bytes (UTF-8) of `value`.
    /// - Parameter value: The value to write.
    /// - Returns: The UTF-8 bytes of ``encode(_:)-(Value)``.
    public static func encodedBytes(_ value: Value) -> [UInt8] {
        var writer = CanonicalJSONWriter()
        writer.write(value)
        return writer.bytes
    }

    /// Parses strict RFC 8259 JSON text into a value.
    /// - Parameters:
    ///   - text: The JSON text.
    ///   - maximumDepth: The deepest nesting of arrays and objects accepted.
    /// - Returns: The parsed value.
    /// - Throws: ``JSONParseError`` with the byte offset, line and column of the first problem.
    public static func parse(_ text: String, maximumDepth: Int = defaultMaximumDepth) throws(JSONParseError) -> Value {
        try parse(Array(text.utf8), maximumDepth: maximumDepth)
    }

    /// Parses strict RFC 8259 JSON from UTF-8 bytes into a value.
    ///
    /// Rejects trailing commas, comments, leading zeros, lone surrogates, invalid UTF-8, raw control characters in
    /// strings, duplicate object keys, numbers too large for a finite double, and nesting deeper than `maximumDepth`.
    /// Numbers without fraction or exponent that fit in `Int64` become ``Value/integer(_:)``; others
    /// ``Value/decimal(_:)``.
    /// - Parameters:
    ///   - bytes: The UTF-8 encoded JSON.
    ///   - maximumDepth: The deepest nesting of arrays and objects accepted.
    /// - Returns: The parsed value.
    /// - Throws: ``JSONParseError`` with the byte offset, line and column of the first problem.
    public static func parse(_ bytes: [UInt8], maximumDepth: Int = defaultMaximumDepth) throws(JSONParseError) -> Value
    {
        var parser = CanonicalJSONParser(bytes: bytes, maximumDepth: maximumDepth)
        return try parser.parseDocument()
    }
}

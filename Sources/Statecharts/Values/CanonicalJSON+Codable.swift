extension CanonicalJSON {
    /// Encodes any `Encodable` value as canonical JSON text, through ``ValueEncoder``.
    /// - Parameter value: The value to encode.
    /// - Returns: Canonical JSON text.
    /// - Throws: `EncodingError` when the value cannot be represented (for example a non-finite `Double`).
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        encode(try ValueEncoder().encode(value))
    }

    /// Decodes a `Decodable` value from JSON text, through ``ValueDecoder``.
    /// - Parameters:
    ///   - type: The type to decode.
    ///   - text: Strict RFC 8259 JSON text.
    /// - Returns: The decoded value.
    /// - Throws: ``JSONParseError`` when the text is not valid JSON, or `DecodingError` when it does not match `type`.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try ValueDecoder().decode(type, from: try parse(text))
    }
}

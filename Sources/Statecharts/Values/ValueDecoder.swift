/// Converts a ``Value`` into any `Decodable`.
///
/// An integer is accepted where a `Double` or `Float` is expected, and an integral decimal where an integer type is
/// expected. Mismatches are reported as `DecodingError`s carrying the coding path.
public struct ValueDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// Decodes a `type` from `value`.
    /// - Parameters:
    ///   - type: The type to decode.
    ///   - value: The value to read.
    /// - Returns: The decoded value.
    /// - Throws: `DecodingError` when the value's shape does not match `type`.
    public func decode<T: Decodable>(_ type: T.Type, from value: Value) throws -> T {
        try ValueDecoderImplementation(value: value, codingPath: []).decodeValue(type)
    }
}

/// The `Decoder` behind ``ValueDecoder``.
struct ValueDecoderImplementation: Decoder {
    /// The value being read.
    let value: Value
    /// The path of keys from the root.
    let codingPath: [any CodingKey]
    /// Unused context.
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// Decodes `type` from this decoder's value.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == Value.self, let plain = value as? T { return plain }
        return try T(from: self)
    }

    /// A type mismatch error for this value.
    func mismatch(_ expected: Any.Type, _ expectedName: String) -> DecodingError {
        DecodingError.typeMismatch(
            expected,
            DecodingError.Context(
                codingPath: codingPath, debugDescription: "expected \(expectedName), found \(value.typeName)"))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch([String: Value].self, "an object") }
        return KeyedDecodingContainer(KeyedValueDecodingContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw mismatch([Value].self, "an array") }
        return UnkeyedValueDecodingContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }
}

extension ValueDecoderImplementation: SingleValueDecodingContainer {
    func decodeNil() -> Bool { value == .null }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch(type, "a boolean") }
        return flag
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let text) = value else { throw mismatch(type, "a string") }
        return text
    }

    func decode(_ type: Double.Type) throws -> Double {
        switch value {
        case .decimal(let number): return number
        case .integer(let number): return Double(number)
        default: throw mismatch(type, "a number")
        }
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type) }

    /// Reads an integer of type `T`, accepting integral decimals, failing when it does not fit.
    private func integer<T: BinaryInteger>(_ type: T.Type) throws -> T {
        let converted: T?
        switch value {
        case .integer(let number): converted = T(exactly: number)
        case .decimal(let number): converted = T(exactly: number)
        default: throw mismatch(type, "an integer")
        }
        guard let converted else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: codingPath, debugDescription: "\(value) does not fit in \(T.self)"))
        }
        return converted
    }
}

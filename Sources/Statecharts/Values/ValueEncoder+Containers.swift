/// Converts primitives to values, rejecting what ``Value`` cannot hold.
enum EncodingPrimitives {
    /// An integer as ``Value/integer(_:)``, if it fits in `Int64`.
    static func integer<T: BinaryInteger>(_ number: T, _ codingPath: [any CodingKey]) throws -> Value {
        guard let exact = Int64(exactly: number) else {
            let context = EncodingError.Context(
                codingPath: codingPath, debugDescription: "\(number) does not fit in a 64-bit signed integer")
            throw EncodingError.invalidValue(number, context)
        }
        return .integer(exact)
    }

    /// A finite double as ``Value/decimal(_:)``.
    static func decimal(_ number: Double, _ codingPath: [any CodingKey]) throws -> Value {
        guard number.isFinite else {
            let context = EncodingError.Context(
                codingPath: codingPath, debugDescription: "\(number) is not representable in JSON; use a finite number")
            throw EncodingError.invalidValue(number, context)
        }
        return .decimal(number)
    }

    /// A float converted through its shortest text, so `0.1` stays `0.1`.
    static func decimal(_ number: Float, _ codingPath: [any CodingKey]) throws -> Value {
        try decimal(Double(number.description) ?? Double(number), codingPath)
    }
}

/// The single-value container of ``ValueEncoderImplementation``.
struct SingleValueEncodingContainerImplementation: SingleValueEncodingContainer {
    /// The node written to.
    let node: EncodingNode
    /// The path of keys from the root.
    let codingPath: [any CodingKey]

    func encodeNil() throws { node.content = .value(.null) }
    func encode(_ value: Bool) throws { node.content = .value(.bool(value)) }
    func encode(_ value: String) throws { node.content = .value(.string(value)) }
    func encode(_ value: Double) throws { node.content = .value(try EncodingPrimitives.decimal(value, codingPath)) }
    func encode(_ value: Float) throws { node.content = .value(try EncodingPrimitives.decimal(value, codingPath)) }
    func encode(_ value: Int) throws { try integer(value) }
    func encode(_ value: Int8) throws { try integer(value) }
    func encode(_ value: Int16) throws { try integer(value) }
    func encode(_ value: Int32) throws { try integer(value) }
    func encode(_ value: Int64) throws { try integer(value) }
    func encode(_ value: UInt) throws { try integer(value) }
    func encode(_ value: UInt8) throws { try integer(value) }
    func encode(_ value: UInt16) throws { try integer(value) }
    func encode(_ value: UInt32) throws { try integer(value) }
    func encode(_ value: UInt64) throws { try integer(value) }

    func encode<T: Encodable>(_ value: T) throws {
        node.content = try ValueEncoderImplementation.box(value, codingPath: codingPath).content
    }

    /// Stores an integer.
    private func integer<T: BinaryInteger>(_ value: T) throws {
        node.content = .value(try EncodingPrimitives.integer(value, codingPath))
    }
}

/// The keyed container of ``ValueEncoderImplementation``; every primitive goes through the generic path.
struct KeyedValueEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    /// The object node written to.
    let node: EncodingNode
    /// The path of keys from the root.
    let codingPath: [any CodingKey]

    /// Stores `child` under `key`.
    private func set(_ child: EncodingNode, for key: Key) {
        guard case .object(var members) = node.content else { preconditionFailure("keyed container over a non-object") }
        node.content = .pending
        members[key.stringValue] = child
        node.content = .object(members)
    }

    func encodeNil(forKey key: Key) throws { set(EncodingNode(.null), for: key) }
    func encode(_ value: Bool, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: String, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: Double, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: Float, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: Int, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: Int8, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: Int16, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: Int32, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: Int64, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: UInt, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: UInt8, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: UInt16, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: UInt32, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode(_ value: UInt64, forKey key: Key) throws { try encodeValue(value, forKey: key) }
    func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try encodeValue(value, forKey: key) }

    /// Encodes any value under `key`.
    private func encodeValue<T: Encodable>(_ value: T, forKey key: Key) throws {
        set(try ValueEncoderImplementation.box(value, codingPath: codingPath + [key]), for: key)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingNode()
        set(child, for: key)
        return ValueEncoderImplementation(node: child, codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = EncodingNode()
        set(child, for: key)
        return ValueEncoderImplementation(node: child, codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superEncoder() -> any Encoder { superEncoder(keyString: "super") }

    func superEncoder(forKey key: Key) -> any Encoder { superEncoder(keyString: key.stringValue) }

    /// An encoder writing into a new member named `keyString`.
    private func superEncoder(keyString: String) -> any Encoder {
        let child = EncodingNode()
        guard case .object(var members) = node.content else { preconditionFailure("keyed container over a non-object") }
        members[keyString] = child
        node.content = .object(members)
        return ValueEncoderImplementation(node: child, codingPath: codingPath + [ValueCodingKey(keyString)])
    }
}

/// The unkeyed container of ``ValueEncoderImplementation``.
struct UnkeyedValueEncodingContainer: UnkeyedEncodingContainer {
    /// The array node written to.
    let node: EncodingNode
    /// The path of keys from the root.
    let codingPath: [any CodingKey]

    var count: Int {
        guard case .array(let elements) = node.content else {
            preconditionFailure("unkeyed container over a non-array")
        }
        return elements.count
    }

    /// Appends `child`.
    private func append(_ child: EncodingNode) {
        guard case .array(var elements) = node.content else {
            preconditionFailure("unkeyed container over a non-array")
        }
        node.content = .pending
        elements.append(child)
        node.content = .array(elements)
    }

    /// The coding path of the next element.
    private var nextPath: [any CodingKey] { codingPath + [ValueCodingKey(index: count)] }

    func encodeNil() throws { append(EncodingNode(.null)) }
    func encode(_ value: Bool) throws { try encodeValue(value) }
    func encode(_ value: String) throws { try encodeValue(value) }
    func encode(_ value: Double) throws { try encodeValue(value) }
    func encode(_ value: Float) throws { try encodeValue(value) }
    func encode(_ value: Int) throws { try encodeValue(value) }
    func encode(_ value: Int8) throws { try encodeValue(value) }
    func encode(_ value: Int16) throws { try encodeValue(value) }
    func encode(_ value: Int32) throws { try encodeValue(value) }
    func encode(_ value: Int64) throws { try encodeValue(value) }
    func encode(_ value: UInt) throws { try encodeValue(value) }
    func encode(_ value: UInt8) throws { try encodeValue(value) }
    func encode(_ value: UInt16) throws { try encodeValue(value) }
    func encode(_ value: UInt32) throws { try encodeValue(value) }
    func encode(_ value: UInt64) throws { try encodeValue(value) }
    func encode<T: Encodable>(_ value: T) throws { try encodeValue(value) }

    /// Encodes and appends any value.
    private func encodeValue<T: Encodable>(_ value: T) throws {
        append(try ValueEncoderImplementation.box(value, codingPath: nextPath))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath
        let child = EncodingNode()
        append(child)
        return ValueEncoderImplementation(node: child, codingPath: path).container(keyedBy: keyType)
    }

    func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        let child = EncodingNode()
        append(child)
        return ValueEncoderImplementation(node: child, codingPath: path).unkeyedContainer()
    }

    func superEncoder() -> any Encoder {
        let path = nextPath
        let child = EncodingNode()
        append(child)
        return ValueEncoderImplementation(node: child, codingPath: path)
    }
}

/// A coding key for array positions and dynamic member names.
struct ValueCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(_ string: String) {
        stringValue = string
        intValue = nil
    }

    init(index: Int) {
        stringValue = "Index \(index)"
        intValue = index
    }

    init?(stringValue: String) { self.init(stringValue) }

    init?(intValue: Int) { self.init(index: intValue) }
}

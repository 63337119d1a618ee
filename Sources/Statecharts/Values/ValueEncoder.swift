/// Converts any `Encodable` into a ``Value``.
///
/// Integer types become ``Value/integer(_:)``, `Double` and `Float` become ``Value/decimal(_:)`` (non-finite numbers
/// are an `EncodingError`), `nil` optionals are omitted by `encodeIfPresent` and written as `null` otherwise.
public struct ValueEncoder: Sendable {
    /// Creates an encoder.
    public init() {}

    /// Encodes `value` as a ``Value``.
    /// - Parameter value: The value to encode.
    /// - Returns: The encoded value.
    /// - Throws: `EncodingError.invalidValue` for non-finite floating-point numbers or unsigned integers above
    ///   `Int64.max`.
    public func encode<T: Encodable>(_ value: T) throws -> Value {
        try ValueEncoderImplementation.box(value, codingPath: []).materialize()
    }
}

/// A node of the value tree under construction; containers share nodes so nested containers can be filled later.
final class EncodingNode {
    /// What the node holds so far.
    enum Content {
        case pending
        case value(Value)
        case array([EncodingNode])
        case object([String: EncodingNode])
    }

    /// What the node holds so far.
    var content: Content = .pending

    /// Creates an empty node.
    init() {}

    /// Creates a node that already holds a value.
    init(_ value: Value) { content = .value(value) }

    /// The finished value; a node nothing was written to becomes an empty object.
    func materialize() -> Value {
        switch content {
        case .pending: .object([:])
        case .value(let value): value
        case .array(let nodes): .array(nodes.map { $0.materialize() })
        case .object(let nodes): .object(nodes.mapValues { $0.materialize() })
        }
    }
}

/// The `Encoder` behind ``ValueEncoder``.
struct ValueEncoderImplementation: Encoder {
    /// The node this encoder writes into.
    let node: EncodingNode
    /// The path of keys from the root.
    let codingPath: [any CodingKey]
    /// Unused context.
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// Encodes `value` into a fresh node.
    static func box<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> EncodingNode {
        if let plain = value as? Value { return EncodingNode(plain) }
        let node = EncodingNode()
        try value.encode(to: ValueEncoderImplementation(node: node, codingPath: codingPath))
        return node
    }

    /// Returns a keyed container writing into this node, turning it into an object.
    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.content {} else { node.content = .object([:]) }
        return KeyedEncodingContainer(KeyedValueEncodingContainer<Key>(node: node, codingPath: codingPath))
    }

    /// Returns an unkeyed container writing into this node, turning it into an array.
    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return UnkeyedValueEncodingContainer(node: node, codingPath: codingPath)
    }

    /// Returns a single-value container writing into this node.
    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueEncodingContainerImplementation(node: node, codingPath: codingPath)
    }
}

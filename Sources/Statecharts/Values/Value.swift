/// A JSON-shaped value: the datamodel, event payloads and snapshots are all made of these.
///
/// Decimals are always finite: construction paths in this module refuse NaN and infinity, and
/// ``CanonicalJSON/encode(_:)`` writes `null` for any non-finite decimal that slips through.
public enum Value: Hashable, Sendable {
    /// JSON `null`.
    case null
    /// JSON `true` or `false`.
    case bool(Bool)
    /// A JSON number without fraction or exponent that fits in 64 bits.
    case integer(Int64)
    /// Any other JSON number; always finite.
    case decimal(Double)
    /// A JSON string.
    case string(String)
    /// A JSON array.
    case array([Value])
    /// A JSON object.
    case object([String: Value])
}

extension Value {
    /// The name of this value's type as used in error messages: "null", "boolean", "integer", "decimal", "string",
    /// "array" or "object".
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .decimal: "decimal"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The member named `key` when this is an object that has it; otherwise `nil`.
    public subscript(key: String) -> Value? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The element at `index` when this is an array and the index is in range; otherwise `nil`.
    public subscript(index: Int) -> Value? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }
}

extension Value: CustomStringConvertible {
    /// The canonical JSON text of this value.
    public var description: String { CanonicalJSON.encode(self) }
}

extension Value: ExpressibleByNilLiteral {
    /// Creates ``Value/null`` from `nil`.
    public init(nilLiteral: ()) { self = .null }
}

extension Value: ExpressibleByBooleanLiteral {
    /// Creates a boolean value from `true` or `false`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension Value: ExpressibleByIntegerLiteral {
    /// Creates an integer value from an integer literal.
    public init(integerLiteral value: Int64) { self = .integer(value) }
}

extension Value: ExpressibleByFloatLiteral {
    /// Creates a decimal value from a float literal; a non-finite literal is a programming error.
    public init(floatLiteral value: Double) {
        guard value.isFinite else { preconditionFailure("Value.decimal must be finite, got \(value)") }
        self = .decimal(value)
    }
}

extension Value: ExpressibleByStringLiteral {
    /// Creates a string value from a string literal.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension Value: ExpressibleByArrayLiteral {
    /// Creates an array value from an array literal.
    public init(arrayLiteral elements: Value...) { self = .array(elements) }
}

extension Value: ExpressibleByDictionaryLiteral {
    /// Creates an object value from a dictionary literal; a repeated key is a programming error.
    public init(dictionaryLiteral elements: (String, Value)...) {
        self = .object(
            Dictionary(elements, uniquingKeysWith: { _, _ in preconditionFailure("duplicate key in Value literal") })
        )
    }
}

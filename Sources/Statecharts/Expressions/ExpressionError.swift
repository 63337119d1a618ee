/// Why an expression or location could not be parsed or evaluated, and where.
public struct ExpressionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The category of problem.
    public enum Kind: String, Sendable {
        /// The text is not a valid expression, or uses something the dialect does not allow.
        case syntax
        /// An operator or function received a value of the wrong type, or a condition was not boolean.
        case type
        /// A data id, object member or array element that does not exist was read.
        case unknownIdentifier
        /// A function that neither the language nor the host provides was called.
        case unknownFunction
        /// Integer overflow, division by zero, or a decimal result that is not finite.
        case arithmetic
        /// An assignment location is malformed or does not lead to an assignable place.
        case invalidLocation
        /// A host function failed.
        case host
    }

    /// The category of problem.
    public var kind: Kind
    /// The one-based column, in Unicode scalars, where the problem is in the source; 0 when not yet known.
    public var column: Int
    /// What is wrong and what to do about it.
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - kind: The category of problem.
    ///   - column: The one-based column in the source, or 0 to let the evaluator fill in the call's column.
    ///   - message: What is wrong and what to do about it.
    public init(kind: Kind, column: Int, message: String) {
        self.kind = kind
        self.column = column
        self.message = message
    }

    /// The error a scope throws for a function it does not provide; the evaluator fills in the column.
    /// - Parameter name: The function's name.
    /// - Returns: An ``Kind-swift.enum/unknownFunction`` error.
    public static func unknownFunction(_ name: String) -> ExpressionError {
        ExpressionError(
            kind: .unknownFunction, column: 0,
            message: "unknown function '\(name)': check the spelling or register it with the host")
    }

    /// The error a host function throws when it fails; the evaluator fills in the column.
    /// - Parameter message: What went wrong and what to do about it.
    /// - Returns: A ``Kind-swift.enum/host`` error.
    public static func host(_ message: String) -> ExpressionError {
        ExpressionError(kind: .host, column: 0, message: message)
    }

    /// "column 7: syntax: expected ')' after arguments to 'In'".
    public var description: String { "column \(column): \(kind.rawValue): \(message)" }
}

/// Read-only functions a host lends to expressions, given to the interpreter with each call that may evaluate one.
///
/// The interpreter never keeps a host between calls, so whatever a host answers from (a host's own records, say)
/// is passed in with the event, never read from shared mutable state.
public protocol HostFunctions: Sendable {
    /// Calls a function by name with evaluated arguments; pure and deterministic.
    /// - Parameters:
    ///   - name: The function name as written in the expression.
    ///   - arguments: The evaluated arguments.
    /// - Returns: The function's value.
    /// - Throws: ``ExpressionError`` for an unknown function or bad arguments.
    func call(_ name: String, _ arguments: [Value]) throws(ExpressionError) -> Value
}

/// Host functions as a table of closures by name (for simulations and tests).
public struct FunctionTable: HostFunctions {
    /// A host function: pure, deterministic, given evaluated arguments.
    public typealias Function = @Sendable ([Value]) throws(ExpressionError) -> Value

    /// Functions by name.
    public var functions: [String: Function]

    /// Creates a function table.
    public init(_ functions: [String: Function] = [:]) {
        self.functions = functions
    }

    /// Calls the function of that name.
    public func call(_ name: String, _ arguments: [Value]) throws(ExpressionError) -> Value {
        guard let function = functions[name] else { throw ExpressionError.unknownFunction(name) }
        return try function(arguments)
    }
}

extension HostFunctions where Self == FunctionTable {
    /// No host functions: every call is an unknown function.
    public static var none: FunctionTable { FunctionTable() }
}

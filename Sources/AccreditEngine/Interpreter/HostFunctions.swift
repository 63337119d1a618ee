/// Read-only functions the case layer makes available to expressions (evidence counts, ratings, dates).
public struct HostFunctions: Sendable {
    /// A host function: pure, deterministic, given evaluated arguments.
    public typealias Function = @Sendable ([Value]) throws(ExpressionError) -> Value

    /// Functions by name.
    public var functions: [String: Function]

    /// Creates a function table.
    public init(_ functions: [String: Function] = [:]) {
        self.functions = functions
    }

    /// No host functions.
    public static let none = HostFunctions()
}

/// What an expression can see while it is evaluated: data, the active configuration and host functions.
public protocol ExpressionScope {
    /// The value of a data id (or `_event`), or `nil` when there is no such identifier.
    /// - Parameter identifier: The identifier as written in the expression.
    /// - Returns: Its current value, or `nil` to report an unknown identifier.
    func value(of identifier: String) -> Value?

    /// Whether the state `stateID` is in the active configuration; answers `In('stateID')`.
    /// - Parameter stateID: The state's id.
    /// - Returns: `true` when the state is active.
    func isActive(stateID: String) -> Bool

    /// Calls a host function.
    /// - Parameters:
    ///   - name: The function's name as written.
    ///   - arguments: The evaluated arguments.
    /// - Returns: The function's result.
    /// - Throws: ``ExpressionError/unknownFunction(_:)`` when `name` is not registered, or
    ///   ``ExpressionError/host(_:)`` when the function fails; leave the column 0 and the evaluator fills it in.
    func call(function name: String, arguments: [Value]) throws(ExpressionError) -> Value
}

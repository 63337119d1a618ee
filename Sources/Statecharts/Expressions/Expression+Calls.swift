/// A function call written in an expression with a string literal argument, such as `rating('SL-1.1')`.
public struct LiteralCall: Hashable, Sendable {
    /// The function's name.
    public var function: String
    /// The string literal arguments, in order (other arguments are skipped).
    public var arguments: [String]
    /// How many arguments the call passes, literal or not.
    public var argumentCount: Int
    /// The one-based column of the call.
    public var column: Int
}

extension Expression {
    /// Every call in the expression (except `In` and the built-in functions), with its string literal arguments, in
    /// source order.
    public var literalCalls: [LiteralCall] {
        var calls: [LiteralCall] = []
        Self.visit(root) { node in
            guard case .call(let name, let arguments) = node.kind, name != "In", !Self.builtinFunctions.contains(name)
            else { return }
            let literals = arguments.compactMap { argument -> String? in
                if case .literal(.string(let text)) = argument.kind { return text }
                return nil
            }
            calls.append(
                LiteralCall(
                    function: name, arguments: literals, argumentCount: arguments.count, column: node.column))
        }
        return calls
    }
}

extension Expression {
    /// The top-level data ids the expression reads, excluding `_event` and the names quantifiers bind.
    public var referencedIdentifiers: Set<String> {
        var names: Set<String> = []
        Self.collectIdentifiers(root, bound: [], into: &names)
        return names
    }

    /// Adds the free identifiers of `node` to `names`: those not bound by an enclosing quantifier.
    private static func collectIdentifiers(_ node: ExpressionNode, bound: Set<String>, into names: inout Set<String>) {
        switch node.kind {
        case .identifier(let name):
            if name != "_event", !bound.contains(name) { names.insert(name) }
        case .quantified(_, let name, let collection, let condition):
            collectIdentifiers(collection, bound: bound, into: &names)
            collectIdentifiers(condition, bound: bound.union([name]), into: &names)
        default:
            for child in ExpressionNode.children(of: node.kind) {
                collectIdentifiers(child, bound: bound, into: &names)
            }
        }
    }

    /// The names of the functions the expression calls, including `In`.
    public var calledFunctions: Set<String> {
        var names: Set<String> = []
        Self.visit(root) { node in
            if case .call(let name, _) = node.kind { names.insert(name) }
        }
        return names
    }

    /// The state ids passed as string literals to `In(...)`.
    public var referencedStates: Set<String> {
        var states: Set<String> = []
        Self.visit(root) { node in
            if case .call("In", let arguments) = node.kind, arguments.count == 1,
                case .literal(.string(let state)) = arguments[0].kind
            {
                states.insert(state)
            }
        }
        return states
    }

    /// The string literals passed as the only argument to calls of `function`, in source order, with their columns.
    /// - Parameter function: The function name, such as `In`.
    public func stringArguments(passedTo function: String) -> [(value: String, column: Int)] {
        var found: [(value: String, column: Int)] = []
        Self.visit(root) { node in
            if case .call(let name, let arguments) = node.kind, name == function, arguments.count == 1,
                case .literal(.string(let value)) = arguments[0].kind
            {
                found.append((value, arguments[0].column))
            }
        }
        return found
    }

    /// Calls `body` on `node` and all its descendants, in source order.
    static func visit(_ node: ExpressionNode, _ body: (ExpressionNode) -> Void) {
        body(node)
        for child in ExpressionNode.children(of: node.kind) { visit(child, body) }
    }

    /// Rejects anything the SCXML `null` datamodel does not support.
    static func checkNullDialect(_ node: ExpressionNode) throws(ExpressionError) {
        switch node.kind {
        case .literal(.bool):
            return
        case .call("In", let arguments) where arguments.count == 1:
            if case .literal(.string) = arguments[0].kind { return }
        case .unary(.not, let operand):
            try checkNullDialect(operand)
            return
        case .binary(.and, let left, let right), .binary(.or, let left, let right):
            try checkNullDialect(left)
            try checkNullDialect(right)
            return
        default:
            break
        }
        throw ExpressionError(
            kind: .syntax, column: node.column,
            message: "datamodel=\"null\" supports only In('state'), true, false, !, && and ||: "
                + "declare datamodel=\"accredit\" to use data and other operators")
    }
}

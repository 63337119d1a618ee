/// Evaluates an ``ExpressionNode`` tree against a scope by walking it; nothing is ever compiled or `eval`ed.
struct ExpressionEvaluator<Scope: ExpressionScope> {
    /// What the expression can see.
    let scope: Scope
    /// The names bound by enclosing quantifiers, innermost last; they hide the scope's data of the same name.
    var bindings: [(name: String, value: Value)] = []
    /// The elements nested quantifiers may still visit (shared with the evaluators of their conditions); made by the
    /// outermost quantifier, so that expressions without one allocate nothing.
    var budget: QuantifierBudget?

    /// Evaluates `node`.
    func evaluate(_ node: ExpressionNode) throws(ExpressionError) -> Value {
        switch node.kind {
        case .literal(let value):
            return value
        case .identifier(let name):
            if let bound = bindings.last(where: { $0.name == name }) { return bound.value }
            guard let value = scope.value(of: name) else {
                throw ExpressionError(
                    kind: .unknownIdentifier, column: node.column,
                    message: "unknown identifier '\(name)': declare it in <datamodel> or check the spelling")
            }
            return value
        case .member(let base, let name):
            return try member(name, of: try evaluate(base), column: node.column)
        case .index(let base, let index):
            return try element(at: try evaluate(index), of: try evaluate(base), column: node.column)
        case .unary(let op, let operand):
            return try unary(op, try evaluate(operand), column: node.column)
        case .binary(.and, let left, let right):
            guard try boolean(left, for: "&&", column: node.column) else { return .bool(false) }
            return .bool(try boolean(right, for: "&&", column: node.column))
        case .binary(.or, let left, let right):
            if try boolean(left, for: "||", column: node.column) { return .bool(true) }
            return .bool(try boolean(right, for: "||", column: node.column))
        case .binary(let op, let left, let right):
            return try ExpressionOperators.binary(op, try evaluate(left), try evaluate(right), column: node.column)
        case .call(let name, let arguments):
            return try call(name, arguments, column: node.column)
        case .quantified(let quantifier, let name, let collection, let condition):
            return .bool(try quantified(quantifier, name, collection, condition, column: node.column))
        case .array(let elements):
            var values: [Value] = []
            values.reserveCapacity(elements.count)
            for element in elements { values.append(try evaluate(element)) }
            return .array(values)
        case .object(let members):
            var values: [String: Value] = [:]
            for member in members { values[member.key] = try evaluate(member.value) }
            return .object(values)
        }
    }

    /// `every` holds when the condition holds for each element (and for none), `some` when it holds for one; both
    /// stop at the first element that settles the answer.
    private func quantified(
        _ quantifier: ExpressionNode.Quantifier, _ name: String, _ collection: ExpressionNode,
        _ condition: ExpressionNode, column: Int
    ) throws(ExpressionError) -> Bool {
        let value = try evaluate(collection)
        guard case .array(let elements) = value else {
            throw ExpressionError(
                kind: .type, column: column,
                message: "'\(quantifier.rawValue) \(name) in …' needs an array, got \(value.typeName)")
        }
        var inner = self
        inner.bindings.append((name, .null))
        let budget = self.budget ?? QuantifierBudget()
        inner.budget = budget
        let last = inner.bindings.count - 1
        for element in elements {
            budget.remaining -= 1
            guard budget.remaining >= 0 else {
                throw ExpressionError(
                    kind: .arithmetic, column: column,
                    message: "quantifiers may visit at most \(QuantifierBudget.limit) elements in one evaluation: "
                        + "move the logic into a host function")
            }
            inner.bindings[last].value = element
            let result = try inner.evaluate(condition)
            guard case .bool(let holds) = result else {
                throw ExpressionError(
                    kind: .type, column: column,
                    message: "the condition of '\(quantifier.rawValue) \(name) in …' must be boolean, "
                        + "got \(result.typeName)")
            }
            if holds == (quantifier == .some) { return holds }
        }
        return quantifier == .every
    }

    /// Evaluates an operand of `&&` or `||`, which must be boolean.
    private func boolean(_ node: ExpressionNode, for op: String, column: Int) throws(ExpressionError) -> Bool {
        let value = try evaluate(node)
        guard case .bool(let flag) = value else {
            throw ExpressionError(
                kind: .type, column: column,
                message: "'\(op)' needs boolean operands, got \(value.typeName): compare explicitly, e.g. x != null")
        }
        return flag
    }

    /// Reads member `name` of an object.
    func member(_ name: String, of base: Value, column: Int) throws(ExpressionError) -> Value {
        guard case .object(let members) = base else {
            throw ExpressionError(
                kind: .type, column: column,
                message: "cannot read member '\(name)' of \(base.typeName): only objects have members")
        }
        guard let value = members[name] else {
            throw ExpressionError(
                kind: .unknownIdentifier, column: column,
                message: "the object has no member '\(name)': check the spelling or the data's shape")
        }
        return value
    }

    /// Reads an array element by integer index, or an object member by string key.
    func element(at index: Value, of base: Value, column: Int) throws(ExpressionError) -> Value {
        switch (base, index) {
        case (.array(let elements), .integer(let position)):
            guard position >= 0, position < elements.count else {
                throw ExpressionError(
                    kind: .unknownIdentifier, column: column,
                    message: "index \(position) is out of range for an array of \(elements.count) elements")
            }
            return elements[Int(position)]
        case (.object, .string(let key)):
            return try member(key, of: base, column: column)
        default:
            throw ExpressionError(
                kind: .type, column: column,
                message:
                    "cannot index \(base.typeName) with \(index.typeName): "
                    + "use an integer for arrays, a string for objects"
            )
        }
    }

    /// Applies `!` or unary `-`.
    private func unary(_ op: ExpressionNode.UnaryOperator, _ operand: Value, column: Int) throws(ExpressionError)
        -> Value
    {
        switch (op, operand) {
        case (.not, .bool(let flag)): return .bool(!flag)
        case (.negate, .integer(let number)):
            let (result, overflow) = Int64(0).subtractingReportingOverflow(number)
            guard !overflow else {
                throw ExpressionError(
                    kind: .arithmetic, column: column, message: "negating \(number) overflows 64-bit integers")
            }
            return .integer(result)
        case (.negate, .decimal(let number)): return .decimal(-number)
        case (.not, _):
            throw ExpressionError(kind: .type, column: column, message: "'!' needs a boolean, got \(operand.typeName)")
        case (.negate, _):
            throw ExpressionError(kind: .type, column: column, message: "'-' needs a number, got \(operand.typeName)")
        }
    }

    /// Calls `In`, a built-in function (``BuiltinFunction``) or a host function. Inside a quantifier, the elements
    /// a built-in copies count against the quantifiers' budget.
    private func call(_ name: String, _ arguments: [ExpressionNode], column: Int) throws(ExpressionError) -> Value {
        var values: [Value] = []
        for argument in arguments { values.append(try evaluate(argument)) }
        if name == "In" {
            guard values.count == 1, case .string(let stateID) = values[0] else {
                throw ExpressionError(
                    kind: .type, column: column, message: "In() takes exactly one state id string, as in In('review')")
            }
            return .bool(scope.isActive(stateID: stateID))
        }
        if let builtin = BuiltinFunction(rawValue: name) {
            if let budget, builtin != .length {
                for case .array(let elements) in values { budget.remaining -= elements.count }
                guard budget.remaining >= 0 else {
                    throw ExpressionError(
                        kind: .arithmetic, column: column,
                        message: "quantifiers may visit at most \(QuantifierBudget.limit) elements in one evaluation, "
                            + "counting those \(name)() copies: move the logic into a host function")
                }
            }
            return try builtin.call(values, column: column)
        }
        do {
            return try scope.call(function: name, arguments: values)
        } catch {
            var located = error
            if located.column == 0 { located.column = column }
            throw located
        }
    }
}

/// How many elements the quantifiers of one evaluation may still visit: nested quantifiers over data an event
/// carries would otherwise cost the product of their lengths.
final class QuantifierBudget {
    /// The most elements one evaluation's quantifiers visit.
    static let limit = 100_000
    /// What is left.
    var remaining = limit
}

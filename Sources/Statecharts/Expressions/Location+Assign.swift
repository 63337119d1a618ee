extension Location {
    /// A step with its index already evaluated.
    private enum ResolvedStep {
        case member(String, column: Int)
        case index(Value, column: Int)
    }

    /// Stores `value` at this location inside `data`.
    ///
    /// The root must already be declared in `data`. Members of objects may be created or replaced; array elements
    /// may only be replaced, at an index within bounds. All index expressions are evaluated before anything changes,
    /// so a failed assignment leaves `data` untouched.
    /// - Parameters:
    ///   - value: The value to store.
    ///   - data: The datamodel to change.
    ///   - scope: The scope index expressions are evaluated in.
    /// - Throws: ``ExpressionError`` of kind `invalidLocation` when the place does not exist or cannot hold a member
    ///   or element, or any error from evaluating an index.
    public func assign(
        _ value: Value, into data: inout [String: Value], in scope: some ExpressionScope
    ) throws(ExpressionError) {
        guard let current = data[root] else {
            throw ExpressionError(
                kind: .invalidLocation, column: 1,
                message: "'\(root)' is not declared in the datamodel: declare it with <data id=\"\(root)\"> first")
        }
        let evaluator = ExpressionEvaluator(scope: scope)
        var resolved: [ResolvedStep] = []
        for step in steps {
            switch step {
            case .member(let name, let column): resolved.append(.member(name, column: column))
            case .index(let node, let column): resolved.append(.index(try evaluator.evaluate(node), column: column))
            }
        }
        var updated = current
        try Self.store(value, at: resolved[...], in: &updated)
        data[root] = updated
    }

    /// Stores `value` at the end of `steps` within `target`.
    private static func store(
        _ value: Value, at steps: ArraySlice<ResolvedStep>, in target: inout Value
    ) throws(ExpressionError) {
        guard let step = steps.first else {
            target = value
            return
        }
        let rest = steps.dropFirst()
        switch (step, target) {
        case (.member(let key, let column), .object(var members)),
            (.index(.string(let key), let column), .object(var members)):
            var child: Value
            if let existing = members[key] {
                child = existing
            } else if rest.isEmpty {
                child = .null
            } else {
                throw ExpressionError(
                    kind: .invalidLocation, column: column,
                    message: "the object has no member '\(key)' to assign inside: create it first")
            }
            target = .null
            try store(value, at: rest, in: &child)
            members[key] = child
            target = .object(members)
        case (.index(.integer(let position), let column), .array(var elements)):
            guard position >= 0, position < elements.count else {
                throw ExpressionError(
                    kind: .invalidLocation, column: column,
                    message: "index \(position) is out of range for an array of \(elements.count) elements")
            }
            target = .null
            try store(value, at: rest, in: &elements[Int(position)])
            target = .array(elements)
        case (.member(let key, let column), _):
            throw ExpressionError(
                kind: .invalidLocation, column: column,
                message: "cannot assign member '\(key)' of \(target.typeName): only objects have members")
        case (.index(let index, let column), _):
            throw ExpressionError(
                kind: .invalidLocation, column: column,
                message: "cannot assign into \(target.typeName) at a \(index.typeName) index: "
                    + "use an integer for arrays, a string for objects")
        }
    }
}

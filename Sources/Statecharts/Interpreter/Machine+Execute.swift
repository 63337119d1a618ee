extension Machine {
    /// `executeContent`: runs a block in document order; the first failing element raises `error.execution`
    /// and the rest of the block is skipped.
    mutating func executeContent(_ block: [Action]) {
        for action in block where !execute(action) { return }
    }

    /// Runs one element; false when it failed (the error event is already queued).
    mutating func execute(_ action: Action) -> Bool {
        switch action.kind {
        case .raise(let name):
            session.internalQueue.append(Event(name: name, type: .internal))
            return true
        case .send(let send):
            return self.send(send, line: action.line)
        case .cancel(let sendID, let sendIDExpr):
            return cancel(sendID: sendID, sendIDExpr: sendIDExpr, line: action.line)
        case .assign(let location, let expr, let content):
            let value: Value
            if let expr {
                guard let evaluated = evaluate(expr, line: action.line) else { return false }
                value = evaluated
            } else {
                value = content ?? .null
            }
            return assign(value, to: location, line: action.line)
        case .log(let label, let expr):
            var value: Value?
            if let expr {
                guard let evaluated = evaluate(expr, line: action.line) else { return false }
                value = evaluated
            }
            let logged = LogLine(sessionID: session.sessionID, label: label, value: value, line: action.line)
            effects.append(.log(logged))
            if tracing { pendingLogs.append(logged) }
            return true
        case .branches(let branches):
            for branch in branches {
                if let cond = branch.cond {
                    do {
                        guard try cond.evaluateCondition(in: scope) else { continue }
                    } catch {
                        raiseError("error.execution", message: error.message, line: action.line)
                        return false
                    }
                }
                return executeBody(branch.body)
            }
            return true
        case .foreach(let array, let item, let index, let body):
            return foreach(array: array, item: item, index: index, body: body, line: action.line)
        case .nothing:
            return true
        }
    }

    /// Runs a nested body; false when one of its elements failed.
    mutating func executeBody(_ body: [Action]) -> Bool {
        for action in body where !execute(action) { return false }
        return true
    }

    /// `<foreach>` over a shallow copy of the array.
    mutating func foreach(
        array: Expression, item: ChartLocation, index: ChartLocation?, body: [Action], line: Int
    ) -> Bool {
        guard let collection = evaluate(array, line: line) else { return false }
        guard case .array(let elements) = collection else {
            raiseError("error.execution", message: "foreach needs an array, got \(collection.typeName)", line: line)
            return false
        }
        // An item or index that can never be assigned is an error even for an empty array, and before any of the
        // body runs (4.6).
        for location in [item, index].compactMap({ $0 }) {
            if let refusal = location.refusal { return refuse(location, refusal, line: line) }
        }
        for (position, element) in elements.enumerated() {
            guard declareAndAssign(element, to: item, line: line) else { return false }
            if let index, !declareAndAssign(.integer(Int64(position)), to: index, line: line) { return false }
            guard executeBody(body) else { return false }
        }
        return true
    }

    /// Assigns to a foreach variable, declaring it when it is new.
    mutating func declareAndAssign(_ value: Value, to location: ChartLocation, line: Int) -> Bool {
        if let refusal = location.refusal { return refuse(location, refusal, line: line) }
        guard fitsTheDatamodel(value, line: line) else { return false }
        if location.isSimple, session.data[location.root] == nil, !location.root.hasPrefix("_") {
            session.data[location.root] = value
            return true
        }
        return assign(value, to: location, line: line)
    }

    /// `<assign>`: the location's root must be a declared data id, never a system variable.
    mutating func assign(_ value: Value, to location: ChartLocation, line: Int) -> Bool {
        if let refusal = location.refusal { return refuse(location, refusal, line: line) }
        guard fitsTheDatamodel(value, line: line) else { return false }
        let root = location.root
        guard !root.hasPrefix("_"), session.data[root] != nil else {
            let reason = root.hasPrefix("_") ? "system variable '\(root)' is read-only" : "'\(root)' is not declared"
            raiseError("error.execution", message: "cannot assign: \(reason)", line: line)
            return false
        }
        if location.isSimple {
            session.data[root] = value
            return true
        }
        let scope = self.scope
        do {
            try location.location.assign(value, into: &session.data, in: scope)
            return true
        } catch {
            raiseError("error.execution", message: error.message, line: line)
            return false
        }
    }

    /// Whether a value may be stored: at most ``Value/datamodelDepth`` levels deep and ``Value/datamodelNodes``
    /// values in all, so that an assignment repeated in a loop (`a = [a, a]`) cannot grow the datamodel without
    /// bound or past what a snapshot can be read back with; otherwise `error.execution` is raised.
    mutating func fitsTheDatamodel(_ value: Value, line: Int) -> Bool {
        guard value.fits(depth: Value.datamodelDepth, nodes: Value.datamodelNodes) else {
            raiseError(
                "error.execution",
                message: "the value is too large for the datamodel: at most \(Value.datamodelDepth) levels and "
                    + "\(Value.datamodelNodes) values",
                line: line)
            return false
        }
        return true
    }

    /// Raises `error.execution` for a location that can never be assigned; always false.
    mutating func refuse(_ location: ChartLocation, _ refusal: String, line: Int) -> Bool {
        raiseError("error.execution", message: "cannot assign to '\(location.location.source)': \(refusal)", line: line)
        return false
    }
}

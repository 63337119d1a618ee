extension Machine {
    /// `initializeDatamodel` for one state's `<data>` (index 0: the document's); failures raise error.execution.
    mutating func initializeDatamodel(state: Int, overrides: [String: Value] = [:]) {
        session.bound.insert(state)
        for item in chart.states[state].data {
            if let value = overrides[item.id] {
                session.data[item.id] = value
            } else if let expr = item.expr {
                session.data[item.id] = evaluate(expr, line: item.line) ?? .null
            } else {
                session.data[item.id] = item.content ?? .null
            }
        }
    }

    /// Declares every data id (as null) so that late-bound ids exist before their state is entered.
    mutating func declareData() {
        for state in chart.states.indices {
            for item in chart.states[state].data where session.data[item.id] == nil {
                session.data[item.id] = .null
            }
        }
    }

    /// The `<donedata>` of a final state as a value (null when there is none or it fails).
    mutating func doneData(of state: Int) -> Value {
        guard let doneData = chart.states[state].doneData else { return .null }
        return eventData(
            namelist: [], params: doneData.params, content: doneData.content, line: chart.states[state].line)
            ?? .null
    }

    /// Event data from `namelist`, `<param>` and `<content>`; nil (error.execution queued) on failure.
    mutating func eventData(
        namelist: [(name: String, expr: Expression)], params: [ChartParam], content: ChartContent?, line: Int
    ) -> Value? {
        if let content {
            if let expr = content.expr { return evaluate(expr, line: line) }
            return content.value ?? .null
        }
        guard !namelist.isEmpty || !params.isEmpty else { return .null }
        var object: [String: Value] = [:]
        for entry in namelist {
            guard let value = evaluate(entry.expr, line: line) else { return nil }
            object[entry.name] = value
        }
        for param in params {
            guard let value = evaluate(param.expr, line: param.line) else { return nil }
            object[param.name] = value
        }
        return .object(object)
    }
}

extension ChartBuilder {
    /// Second pass: compiles every state's transitions, content, invokes and data.
    mutating func compileStates() {
        states[0].data = document.data.map { compileData($0) }
        states[0].initialTransition = initialTransition(
            of: 0, ids: document.initial, element: nil, line: document.line)
        for me in states.indices.dropFirst() {
            guard let node = nodes[me] else { continue }
            if case .history = states[me].kind {
                compileHistory(me, node)
                continue
            }
            if states[me].isCompound {
                states[me].initialTransition = initialTransition(
                    of: me, ids: node.initial, element: node.initialTransition, line: node.line)
            } else if !node.initial.isEmpty || node.initialTransition != nil {
                issues.append(issue(node.line, "scxml.initial", "'\(node.id)' has an initial but no child states"))
            }
            states[me].transitions = node.transitions.map { addTransition($0, source: me) }
            states[me].onEntry = node.onEntry.map { compileActions($0) }
            states[me].onExit = node.onExit.map { compileActions($0) }
            states[me].invokes = node.invokes.map { compileInvoke($0) }
            states[me].data = node.data.map { compileData($0) }
            if let doneData = node.doneData {
                states[me].doneData = ChartDoneData(
                    content: doneData.content.map { compileContent($0) },
                    params: doneData.params.compactMap { compileParam($0) })
            }
        }
    }

    mutating func compileHistory(_ me: Int, _ node: StateNode) {
        let parent = states[me].parent
        guard let transition = node.transitions.first else {
            issues.append(issue(node.line, "scxml.history", "history '\(node.id)' needs a default transition"))
            return
        }
        let compiled = addTransition(transition, source: me)
        for target in transitions[compiled].targets
        where !states.indices.contains(target) || !isDescendantOf(target, parent) {
            issues.append(
                issue(transition.line, "scxml.history", "history '\(node.id)' must target descendants of its parent"))
        }
        states[me].initialTransition = compiled
    }

    func isDescendantOf(_ state: Int, _ ancestor: Int) -> Bool {
        state > ancestor && state < states[ancestor].subtreeEnd
    }

    /// The initial transition of a compound state or the root: `initial` ids, `<initial>`, or the first child.
    mutating func initialTransition(of me: Int, ids: [String], element: Transition?, line: Int) -> Int? {
        var transition: Transition
        if let element {
            transition = element
        } else if !ids.isEmpty {
            transition = Transition(targets: ids, line: line)
        } else if let first = states[me].childStates.first {
            transition = Transition(targets: [states[first].id], line: line)
        } else {
            if me == 0 { issues.append(issue(line, "scxml.initial", "the document has no states")) }
            return nil
        }
        transition.events = []
        transition.cond = nil
        let compiled = addTransition(transition, source: me)
        for target in transitions[compiled].targets where !isDescendantOf(target, me) {
            issues.append(
                issue(transition.line, "scxml.initial", "initial state '\(states[target].id)' is not a descendant"))
        }
        return compiled
    }

    /// Compiles a transition, appends it and returns its index.
    mutating func addTransition(_ transition: Transition, source: Int) -> Int {
        var targets: [Int] = []
        for id in transition.targets {
            if let target = index[id] {
                targets.append(target)
            } else {
                issues.append(issue(transition.line, "scxml.target", "no state has the id '\(id)'"))
            }
        }
        let compiled = ChartTransition(
            source: source, events: transition.descriptors, cond: expression(transition.cond, line: transition.line),
            targets: targets, isInternal: transition.type == .internal, content: compileActions(transition.content),
            line: transition.line, model: transition)
        transitions.append(compiled)
        return transitions.count - 1
    }
}

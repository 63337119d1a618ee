extension Machine {
    /// `selectEventlessTransitions`: for each active atomic state in document order, the first eventless transition
    /// whose condition holds, searching the state and then its ancestors; conflicts removed.
    mutating func selectEventlessTransitions() -> [Int] {
        selectTransitions(matching: nil)
    }

    /// `selectTransitions`: as above, for transitions whose descriptors match the event.
    mutating func selectTransitions(_ event: Event) -> [Int] {
        selectTransitions(matching: event.name)
    }

    /// The shared search of both selection phases; `eventName` nil selects eventless transitions.
    mutating func selectTransitions(matching eventName: String?) -> [Int] {
        var enabledTransitions: [Int] = []
        for state in session.configuration.members where chart.states[state].isAtomic {
            if let found = firstEnabledTransition(from: state, eventName: eventName),
                !enabledTransitions.contains(found)
            {
                enabledTransitions.append(found)
            }
        }
        if enabledTransitions.count < 2 { return enabledTransitions }
        return removeConflictingTransitions(enabledTransitions)
    }

    /// The first enabled transition of `state` or its nearest ancestor that has one.
    mutating func firstEnabledTransition(from state: Int, eventName: String?) -> Int? {
        var current = state
        var depth = 0
        let ancestors = chart.states[state].ancestors
        while current != 0 {
            for transition in chart.states[current].transitions {
                if let eventName {
                    guard !chart.transitions[transition].events.isEmpty,
                        chart.transitions[transition].matches(eventName)
                    else { continue }
                } else if !chart.transitions[transition].events.isEmpty {
                    continue
                }
                if conditionMatch(transition) { return transition }
            }
            current = ancestors[depth]
            depth += 1
        }
        return nil
    }

    /// `conditionMatch`: a missing condition holds; one that fails to evaluate raises error.execution and is false.
    mutating func conditionMatch(_ transition: Int) -> Bool {
        guard let cond = chart.transitions[transition].cond else { return true }
        do {
            return try cond.evaluateCondition(in: scope)
        } catch {
            raiseError("error.execution", message: error.message, line: chart.transitions[transition].line)
            return false
        }
    }

    /// `removeConflictingTransitions`: keeps the optimal enabled set; a transition from a descendant preempts one
    /// from an ancestor whose exit set intersects, otherwise the earlier-selected transition wins.
    func removeConflictingTransitions(_ enabledTransitions: [Int]) -> [Int] {
        var filteredTransitions: [(transition: Int, exitSet: StateSet)] = []
        for t1 in enabledTransitions {
            let exit1 = computeExitSet([t1])
            var t1Preempted = false
            var transitionsToRemove: [Int] = []
            for (t2, exit2) in filteredTransitions where exit1.intersects(exit2) {
                if chart.isDescendant(chart.transitions[t1].source, chart.transitions[t2].source) {
                    transitionsToRemove.append(t2)
                } else {
                    t1Preempted = true
                    break
                }
            }
            if !t1Preempted {
                filteredTransitions.removeAll { transitionsToRemove.contains($0.transition) }
                filteredTransitions.append((t1, exit1))
            }
        }
        return filteredTransitions.map(\.transition)
    }
}

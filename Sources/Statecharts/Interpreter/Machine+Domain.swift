extension Machine {
    /// `getTransitionDomain`: the state whose descendants a transition exits and enters (the root for none).
    func getTransitionDomain(_ transition: Int) -> Int {
        if let domain = chart.transitions[transition].staticDomain { return domain }
        let source = chart.transitions[transition].source
        let targets = getEffectiveTargetStates(transition)
        if targets.isEmpty { return source }
        if chart.transitions[transition].isInternal, chart.states[source].isCompound,
            targets.allSatisfy({ chart.isDescendant($0, source) })
        {
            return source
        }
        return findLCCA(source, targets)
    }

    /// `findLCCA`: the nearest compound (or root) proper ancestor of `head` containing every other state.
    func findLCCA(_ head: Int, _ tail: [Int]) -> Int {
        for ancestor in getProperAncestors(head) where chart.states[ancestor].isCompoundOrRoot {
            if tail.allSatisfy({ chart.isDescendant($0, ancestor) }) { return ancestor }
        }
        return 0
    }

    /// `getProperAncestors(state, null)`: ancestors nearest first, ending with the root.
    func getProperAncestors(_ state: Int) -> [Int] {
        chart.states[state].ancestors
    }

    /// `getProperAncestors(state, stop)`: ancestors nearest first, up to but excluding `stop`.
    func getProperAncestors(_ state: Int, upTo stop: Int) -> ArraySlice<Int> {
        let ancestors = chart.states[state].ancestors
        guard let end = ancestors.firstIndex(of: stop) else { return ancestors[...] }
        return ancestors[..<end]
    }

    /// `getEffectiveTargetStates`: targets with history states replaced by their stored or default targets.
    func getEffectiveTargetStates(_ transition: Int) -> [Int] {
        var targets: [Int] = []
        for state in chart.transitions[transition].targets {
            if chart.states[state].isHistory {
                if let stored = session.history[state] {
                    for s in stored where !targets.contains(s) { targets.append(s) }
                } else if let fallback = chart.states[state].initialTransition {
                    for s in getEffectiveTargetStates(fallback) where !targets.contains(s) { targets.append(s) }
                }
            } else if !targets.contains(state) {
                targets.append(state)
            }
        }
        return targets
    }
}

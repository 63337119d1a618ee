/// The temporary sets `enterStates` fills through `computeEntrySet`.
struct EntrySet {
    var statesToEnter: StateSet
    var statesForDefaultEntry: StateSet
    /// History default-transition content to run after entering a parent, by parent index.
    var defaultHistoryContent: [Int: Int]

    init(capacity: Int) {
        statesToEnter = StateSet(capacity: capacity)
        statesForDefaultEntry = StateSet(capacity: capacity)
        defaultHistoryContent = [:]
    }
}

extension Machine {
    /// `enterStates`: enters the entry set in document order, running onentry, initial and history content,
    /// and queueing `done.state.<id>` events; entering a top-level final stops the session.
    mutating func enterStates(_ enabledTransitions: [Int]) {
        var entry = EntrySet(capacity: chart.states.count)
        computeEntrySet(enabledTransitions, &entry)
        for state in entry.statesToEnter.members {
            let node = chart.states[state]
            session.configuration.insert(state)
            statesToInvoke.insert(state)
            if chart.lateBinding, !session.bound.contains(state) {
                initializeDatamodel(state: state)
            }
            for block in node.onEntry { executeContent(block) }
            if entry.statesForDefaultEntry.contains(state), let initial = node.initialTransition {
                executeContent(chart.transitions[initial].content)
            }
            if let history = entry.defaultHistoryContent[state], let fallback = chart.states[history].initialTransition {
                executeContent(chart.transitions[fallback].content)
            }
            guard node.isFinal else { continue }
            if node.parent == 0 {
                session.running = false
            } else {
                let parent = node.parent
                let grandparent = chart.states[parent].parent
                session.internalQueue.append(
                    Event(name: "done.state." + chart.states[parent].id, type: .platform, data: doneData(of: state)))
                if grandparent > 0, chart.states[grandparent].isParallel,
                    chart.states[grandparent].childStates.allSatisfy({ isInFinalState($0) })
                {
                    session.internalQueue.append(
                        Event(name: "done.state." + chart.states[grandparent].id, type: .platform))
                }
            }
        }
    }

    /// `computeEntrySet`: the targets with their descendants (by default or history) and ancestors up to the domain.
    func computeEntrySet(_ transitions: [Int], _ entry: inout EntrySet) {
        for transition in transitions {
            for state in chart.transitions[transition].targets {
                addDescendantStatesToEnter(state, &entry)
            }
            let ancestor = getTransitionDomain(transition)
            for state in getEffectiveTargetStates(transition) {
                addAncestorStatesToEnter(state, ancestor, &entry)
            }
        }
    }

    /// `addDescendantStatesToEnter`: a state and what entering it implies (history, initial, parallel children).
    func addDescendantStatesToEnter(_ state: Int, _ entry: inout EntrySet) {
        let node = chart.states[state]
        if node.isHistory {
            let targets: [Int]
            if let stored = session.history[state] {
                targets = stored
            } else {
                entry.defaultHistoryContent[node.parent] = state
                targets = node.initialTransition.map { chart.transitions[$0].targets } ?? []
            }
            for s in targets { addDescendantStatesToEnter(s, &entry) }
            for s in targets { addAncestorStatesToEnter(s, node.parent, &entry) }
            return
        }
        entry.statesToEnter.insert(state)
        if node.isCompound {
            entry.statesForDefaultEntry.insert(state)
            let targets = node.initialTransition.map { chart.transitions[$0].targets } ?? []
            for s in targets { addDescendantStatesToEnter(s, &entry) }
            for s in targets { addAncestorStatesToEnter(s, state, &entry) }
        } else if node.isParallel {
            for child in node.childStates where !entry.statesToEnter.containsAny(in: (child + 1)..<chart.states[child].subtreeEnd) {
                addDescendantStatesToEnter(child, &entry)
            }
        }
    }

    /// `addAncestorStatesToEnter`: the proper ancestors of a state below `ancestor`, completing parallel regions.
    func addAncestorStatesToEnter(_ state: Int, _ ancestor: Int, _ entry: inout EntrySet) {
        for anc in getProperAncestors(state, upTo: ancestor) {
            entry.statesToEnter.insert(anc)
            guard chart.states[anc].isParallel else { continue }
            for child in chart.states[anc].childStates
            where !entry.statesToEnter.containsAny(in: (child + 1)..<chart.states[child].subtreeEnd) {
                addDescendantStatesToEnter(child, &entry)
            }
        }
    }

    /// `isInFinalState`: a compound state with an active final child, or a parallel whose children all are.
    func isInFinalState(_ state: Int) -> Bool {
        let node = chart.states[state]
        if node.isCompound {
            return node.childStates.contains { chart.states[$0].isFinal && session.configuration.contains($0) }
        }
        if node.isParallel {
            return node.childStates.allSatisfy { isInFinalState($0) }
        }
        return false
    }
}

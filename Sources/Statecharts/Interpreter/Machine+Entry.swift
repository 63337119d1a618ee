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
            session.configuration.insert(state)
            statesToInvoke.insert(state)
            if chart.lateBinding, !session.bound.contains(state) {
                initializeDatamodel(state: state)
            }
            for block in chart.states[state].onEntry { executeContent(block) }
            if entry.statesForDefaultEntry.contains(state), let initial = chart.states[state].initialTransition {
                executeContent(chart.transitions[initial].content)
            }
            if let history = entry.defaultHistoryContent[state], let fallback = chart.states[history].initialTransition
            {
                executeContent(chart.transitions[fallback].content)
            }
            guard chart.states[state].isFinal else { continue }
            let parent = chart.states[state].parent
            if parent == 0 {
                session.running = false
            } else {
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
        let kind = chart.states[state].kind
        if case .history = kind {
            let parent = chart.states[state].parent
            let targets: [Int]
            if let stored = session.history[state] {
                targets = stored
            } else {
                entry.defaultHistoryContent[parent] = state
                targets = chart.states[state].initialTransition.map { chart.transitions[$0].targets } ?? []
            }
            for s in targets { addDescendantStatesToEnter(s, &entry) }
            for s in targets { addAncestorStatesToEnter(s, parent, &entry) }
            return
        }
        entry.statesToEnter.insert(state)
        if kind == .compound {
            entry.statesForDefaultEntry.insert(state)
            let targets = chart.states[state].initialTransition.map { chart.transitions[$0].targets } ?? []
            for s in targets { addDescendantStatesToEnter(s, &entry) }
            for s in targets { addAncestorStatesToEnter(s, state, &entry) }
        } else if kind == .parallel {
            for child in chart.states[state].childStates
            where !entry.statesToEnter.containsAny(in: (child + 1)..<chart.states[child].subtreeEnd) {
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
        switch chart.states[state].kind {
        case .compound:
            return chart.states[state].childStates.contains {
                chart.states[$0].isFinal && session.configuration.contains($0)
            }
        case .parallel:
            return chart.states[state].childStates.allSatisfy { isInFinalState($0) }
        default:
            break
        }
        return false
    }
}

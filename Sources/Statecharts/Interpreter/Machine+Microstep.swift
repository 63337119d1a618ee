extension Machine {
    /// `microstep`: exit the source configuration, run transition content, enter the targets.
    mutating func microstep(_ enabledTransitions: [Int]) {
        microsteps += 1
        if microsteps > Self.microstepLimit {
            runaway = true
            return
        }
        exitStates(enabledTransitions)
        executeTransitionContent(enabledTransitions)
        enterStates(enabledTransitions)
    }

    /// `exitStates`: records history, then runs onexit and cancels invokes in reverse document order.
    mutating func exitStates(_ enabledTransitions: [Int]) {
        let statesToExit = computeExitSet(enabledTransitions)
        for state in statesToExit.members { statesToInvoke.remove(state) }
        let exitOrder = statesToExit.members.reversed()
        for state in exitOrder {
            for history in chart.states[state].historyChildren {
                recordHistory(history, of: state)
            }
        }
        for state in exitOrder {
            for block in chart.states[state].onExit { executeContent(block) }
            cancelInvokes(of: state)
            session.configuration.remove(state)
        }
    }

    /// Stores a history value: active atomic descendants (deep) or active children (shallow).
    mutating func recordHistory(_ history: Int, of state: Int) {
        let deep = chart.states[history].kind == .history(deep: true)
        var stored: [Int] = []
        for active in session.configuration.members where chart.isDescendant(active, state) {
            if deep ? chart.states[active].isAtomic : chart.states[active].parent == state {
                stored.append(active)
            }
        }
        session.history[history] = stored
    }

    /// `computeExitSet`: the active states that are descendants of each targeted transition's domain.
    func computeExitSet(_ transitions: [Int]) -> StateSet {
        var statesToExit = StateSet(capacity: chart.states.count)
        for transition in transitions where !chart.transitions[transition].targets.isEmpty {
            let domain = getTransitionDomain(transition)
            statesToExit.formUnion(session.configuration, in: (domain + 1)..<chart.states[domain].subtreeEnd)
        }
        return statesToExit
    }

    /// `executeTransitionContent`: each transition's content, in the order the transitions were selected.
    mutating func executeTransitionContent(_ enabledTransitions: [Int]) {
        for transition in enabledTransitions {
            executeContent(chart.transitions[transition].content)
        }
    }
}

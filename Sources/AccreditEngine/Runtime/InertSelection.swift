/// A precomputed answer to "what does this event select in this state?" for the interpreter's fast path.
///
/// Most case events (an upload, a rating, an evidence review) select a transition with no condition, no target and
/// no content: SCXML takes it, which changes nothing but `_event`. For each event name written in the chart and each
/// atomic state, this table says whether the first transition the event matches (from the state outwards) is such an
/// inert one, is absent, or needs the full algorithm. ``Interpreter/process(_:snapshot:tracing:)`` uses it to skip
/// building a machine when every active atomic state answers "inert" or "none" and nothing else can happen in the
/// macrostep (no eventless transition is active, no queued event, no invoked child).
struct InertSelection: Sendable {
    /// What an event selects from one atomic state.
    enum Outcome: UInt8, Sendable {
        /// No transition matches the event from this state or its ancestors.
        case none
        /// The first match has no condition, no target and no content.
        case inert
        /// Anything else: the full selection algorithm must run.
        case full
    }

    /// For each event name that appears literally in a descriptor, the outcome by state index.
    let outcomes: [String: [Outcome]]
    /// The states that have eventless transitions: while one is active, a macrostep must look for them.
    let eventlessSources: StateSet

    init(states: [ChartState], transitions: [ChartTransition]) {
        var eventless = StateSet(capacity: states.count)
        for state in states.indices where states[state].transitions.contains(where: { transitions[$0].events.isEmpty })
        {
            eventless.insert(state)
        }
        eventlessSources = eventless
        var names = Set(transitions.flatMap(\.events))
        names.remove("*")
        var outcomes: [String: [Outcome]] = [:]
        for name in names {
            outcomes[name] = states.indices.map { state in
                states[state].isAtomic
                    ? Self.outcome(of: name, from: state, states: states, transitions: transitions)
                    : .none
            }
        }
        self.outcomes = outcomes
    }

    /// The outcome for one atomic state, searching it and then its ancestors as `firstEnabledTransition` does.
    private static func outcome(
        of name: String, from state: Int, states: [ChartState], transitions: [ChartTransition]
    ) -> Outcome {
        for current in [state] + states[state].ancestors where current != 0 {
            for index in states[current].transitions {
                let transition = transitions[index]
                guard !transition.events.isEmpty, transition.matches(name) else { continue }
                let inert = transition.cond == nil && transition.targets.isEmpty && transition.content.isEmpty
                return inert ? .inert : .full
            }
        }
        return .none
    }
}

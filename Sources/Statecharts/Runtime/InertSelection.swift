/// A precomputed answer to "what does this event select in this state?" for the interpreter's fast path.
///
/// Many events of a long-lived chart (a host's records of uploads or ratings, say) select a transition with no
/// condition, no target and no content: SCXML takes it, which changes nothing but `_event`. For each event name
/// written in the chart and each atomic state, this table says whether the first transition the event matches (from
/// the state outwards) is such an inert one, is absent, or needs the full algorithm.
/// ``Interpreter/process(_:snapshot:host:tracing:)`` and ``Interpreter/advance(_:in:memo:host:)`` use it to skip
/// building a machine when every active atomic state answers "inert" or "none" and nothing else can happen in the
/// macrostep (no eventless transition is active, no queued event, no invoked child).
@usableFromInline struct InertSelection: Sendable {
    /// What an event selects from one atomic state.
    @usableFromInline enum Outcome: UInt8, Sendable {
        /// No transition matches the event from this state or its ancestors.
        case none
        /// The first match has no condition, no target and no content.
        case inert
        /// Anything else: the full selection algorithm must run.
        case full
    }

    /// For each event name that appears literally in a descriptor, the outcome by state index.
    @usableFromInline let outcomes: [String: [Outcome]]
    /// The states that have eventless transitions: while one is active, a macrostep must look for them.
    let eventlessSources: StateSet

    /// Builds the table: each transition is matched against the names once, then each atomic state walks its
    /// transitions and its ancestors' in selection order, and the first match for a name decides its outcome.
    init(states: [ChartState], transitions: [ChartTransition]) {
        var eventless = StateSet(capacity: states.count)
        for state in states.indices where states[state].transitions.contains(where: { transitions[$0].events.isEmpty })
        {
            eventless.insert(state)
        }
        eventlessSources = eventless
        let names = Set(transitions.flatMap { $0.events.map(\.name) }).subtracting(["*"]).sorted()
        let matched: [[Int]] = transitions.map { transition in
            transition.events.isEmpty ? [] : names.indices.filter { transition.matches(names[$0]) }
        }
        var table = [[Outcome]](repeating: [Outcome](repeating: .none, count: states.count), count: names.count)
        var decided = [Bool](repeating: false, count: names.count)
        for state in states.indices where states[state].isAtomic {
            for name in names.indices { decided[name] = false }
            var current = state
            var depth = 0
            while current != 0 {
                for index in states[current].transitions where !matched[index].isEmpty {
                    let transition = transitions[index]
                    let inert = transition.cond == nil && transition.targets.isEmpty && transition.content.isEmpty
                    for name in matched[index] where !decided[name] {
                        decided[name] = true
                        table[name][state] = inert ? .inert : .full
                    }
                }
                current = states[state].ancestors[depth]
                depth += 1
            }
        }
        outcomes = Dictionary(uniqueKeysWithValues: zip(names, table))
    }
}

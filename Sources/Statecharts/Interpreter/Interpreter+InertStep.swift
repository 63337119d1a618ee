extension Interpreter {
    /// The result of ``process(_:snapshot:host:tracing:)`` without running the machine, when the event can only select
    /// inert transitions (see ``InertSelection``); nil when the full algorithm is needed.
    func inertStep(_ event: ExternalEvent, snapshot: Snapshot, tracing: Bool) -> Step? {
        guard event.timerID == nil, let enabled = inertSelection(event.name, at: event.time, in: snapshot)
        else { return nil }
        var next = snapshot
        Self.bindInert(event, in: &next)
        var macrosteps: [MacrostepRecord] = []
        if tracing {
            macrosteps.append(
                MacrostepRecord(
                    sessionID: next.root.sessionID, event: event.name, configuration: next.configuration,
                    time: event.time))
        }
        var step = Step(snapshot: next, effects: [], macrosteps: macrosteps)
        step.eventEnabledTransition = enabled
        return step
    }

    /// Whether an external event named `name` at `time` would enable a transition, when it can only select inert
    /// ones; nil when the full algorithm is needed.
    ///
    /// The conditions make the shortcut exact: the snapshot is this chart's, the root session is running and idle
    /// with no invoked children, the event is not earlier than the snapshot, no active state has an eventless
    /// transition, and every active atomic state either selects nothing or selects a transition without condition,
    /// target or content. SCXML then takes those transitions (exiting and entering nothing), binds `_event`, and the
    /// macrostep ends at once: ``bindInert(_:in:)`` does exactly that.
    func inertSelection(_ name: String, at time: Instant, in snapshot: Snapshot) -> Bool? {
        guard let outcomes = chart.inertSelection.outcomes[name] else { return nil }
        return inertSelection(outcomes, at: time, in: snapshot)
    }

    /// ``inertSelection(_:at:in:)`` given what the event's name selects from each state.
    @usableFromInline
    func inertSelection(_ outcomes: [InertSelection.Outcome], at time: Instant, in snapshot: Snapshot) -> Bool? {
        let root = snapshot.root
        guard snapshot.chart === chart, root.running, time >= snapshot.time, root.externalQueue.isEmpty,
            root.internalQueue.isEmpty, root.invocations.isEmpty,
            !root.configuration.intersects(chart.inertSelection.eventlessSources)
        else { return nil }
        var enabled = false
        for (position, word) in root.configuration.words.enumerated() where word != 0 {
            var bits = word
            while bits != 0 {
                switch outcomes[position << 6 + bits.trailingZeroBitCount] {
                case .none: break
                case .inert: enabled = true
                case .full: return nil
                }
                bits &= bits - 1
            }
        }
        return enabled
    }

    /// The effect of an event that ``inertSelection(_:at:in:)`` answered for: `_event` is bound and the clock moves.
    @usableFromInline
    static func bindInert(_ event: ExternalEvent, in snapshot: inout Snapshot) {
        snapshot.root.event = event.event
        snapshot.time = event.time
    }
}

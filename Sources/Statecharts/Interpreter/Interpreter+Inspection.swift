/// A transition an event would take, with the id of its source state and the authored element.
public struct EnabledTransition: Hashable, Sendable {
    /// The id of the state the transition belongs to.
    public var source: String
    /// The `<transition>` as written, including attributes in foreign namespaces.
    public var transition: Transition
}

extension Interpreter {
    /// The transitions `event` would select in the root session now (the optimal enabled set, conflicts removed),
    /// without changing anything; a host uses it to check who may send an event before processing it.
    ///
    /// Between calls the machine is stable, so this is exactly the set the event's microstep takes, unless a
    /// `<finalize>` for the event changes the data its conditions read.
    /// - Parameters:
    ///   - event: The event that would be delivered.
    ///   - snapshot: The current state.
    ///   - host: The functions the transitions' conditions may call.
    /// - Returns: The selected transitions in the order they would run; empty when the event would be ignored.
    public func enabledTransitions(
        for event: ExternalEvent, in snapshot: Snapshot, host: any HostFunctions = .none
    ) -> [EnabledTransition] {
        guard snapshot.root.running, event.timerID == nil else { return [] }
        var machine = Machine(
            chart: chart, session: snapshot.root, host: host, now: event.time,
            timerSequence: snapshot.timerSequence)
        let external = event.event
        machine.setEvent(external)
        return machine.selectTransitions(external).map { transition in
            EnabledTransition(
                source: chart.states[chart.transitions[transition].source].id,
                transition: chart.transitions[transition].model)
        }
    }
}

/// What ``Interpreter/advance(_:in:memo:host:)`` did with an event.
public enum Advance: Hashable, Sendable {
    /// The event enabled a transition (or was a timer firing): the snapshot moved on, with these effects.
    case taken([Effect])
    /// The external event enabled no transition, so SCXML would discard it; the snapshot is left exactly as it was.
    case unmatched
}

/// What ``Interpreter/advance(_:in:memo:host:)`` remembers between calls: the inert-selection answers for the event
/// name it saw last. A replay sees long runs of one name, so keeping a memo per replay saves hashing the name for
/// every event. A memo never changes a result: a fresh one, or one used with another interpreter, gives the same.
public struct AdvanceMemo: Sendable {
    @usableFromInline var chart: Chart?
    @usableFromInline var name = ""
    @usableFromInline var outcomes: [InertSelection.Outcome]?

    /// An empty memo.
    public init() {}
}

extension Interpreter {
    /// Processes one external event (or timer firing) in place and without a trace: the step of a replay fold.
    ///
    /// An event that can only select inert transitions (see ``InertSelection``) binds `_event` and moves the clock
    /// without building a machine or copying the session; any other event runs the full algorithm, as
    /// ``process(_:snapshot:host:tracing:)`` does. Either way the result is the same as `process`, except that an
    /// external event that enables no transition leaves the snapshot untouched, so a host that refuses such events
    /// needs no copy to roll back.
    /// - Parameters:
    ///   - event: The event and its time.
    ///   - snapshot: The state to advance.
    ///   - memo: What the previous call learnt about its event name; keep one per replay.
    ///   - host: Makes the functions expressions may call, from the snapshot before the event; called only when the
    ///     full algorithm runs, so a replay of inert events builds nothing.
    /// - Returns: Whether the event was taken, with its effects, or why it cannot be processed.
    @inlinable
    public func advance<Host: HostFunctions>(
        _ event: ExternalEvent, in snapshot: inout Snapshot, memo: inout AdvanceMemo,
        host: (Snapshot) -> Host
    ) -> Result<Advance, Rejection> {
        if usesInertShortcut, event.timerID == nil {
            let name = event.name
            if memo.chart !== chart || memo.name != name {
                memo = AdvanceMemo()
                memo.chart = chart
                memo.name = name
                memo.outcomes = chart.inertSelection.outcomes[name]
            }
            if let outcomes = memo.outcomes, let enabled = inertSelection(outcomes, at: event.time, in: snapshot) {
                guard enabled else { return .success(.unmatched) }
                Self.bindInert(event, in: &snapshot)
                return .success(.taken([]))
            }
        }
        switch processFully(event, snapshot: snapshot, host: host(snapshot), tracing: false) {
        case .failure(let rejection):
            return .failure(rejection)
        case .success(let step):
            guard step.eventEnabledTransition else { return .success(.unmatched) }
            snapshot = step.snapshot
            return .success(.taken(step.effects))
        }
    }

    /// ``advance(_:in:memo:host:)`` without a memo, for documents whose expressions call no host function.
    public func advance(_ event: ExternalEvent, in snapshot: inout Snapshot) -> Result<Advance, Rejection> {
        var memo = AdvanceMemo()
        return advance(event, in: &snapshot, memo: &memo) { _ in FunctionTable.none }
    }
}

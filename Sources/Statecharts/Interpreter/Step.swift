/// The result of a macrostep: the new snapshot, the effects for the host and a trace of the macrosteps run.
public struct Step: Sendable {
    /// The state after processing.
    public var snapshot: Snapshot
    /// Timers to schedule or cancel and log lines, in order.
    public var effects: [Effect]
    /// Each macrostep run (root and children), with its event and resulting configuration.
    public var macrosteps: [MacrostepRecord]
    /// False when the delivered external event enabled no transition, so SCXML discarded it.
    public var eventEnabledTransition = true
}

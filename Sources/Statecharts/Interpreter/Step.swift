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
    /// When ``Interpreter/start(at:sessionID:host:)`` stopped a chart that never became stable: the microsteps it
    /// ran first (``Interpreter/microstepLimit``); the session is then stopped. Nil when the start settled.
    public var runawayMicrosteps: Int?
}

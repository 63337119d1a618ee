/// Something the host must do after a macrostep; the engine itself never performs effects.
public enum Effect: Hashable, Sendable {
    /// Deliver ``ExternalEvent/timer(_:at:)`` with this id at `due` (a delayed `<send>`).
    case scheduleTimer(TimerRequest)
    /// Forget the timer with this id (`<cancel>`, or its session ended).
    case cancelTimer(id: String)
    /// A `<log>` line.
    case log(LogLine)
    /// Deliver an event to a target outside this machine (a URI such as `urn:example:peer`).
    case send(OutgoingEvent)
}

/// An event a `<send>` addressed to another system; the host routes it.
public struct OutgoingEvent: Hashable, Sendable {
    /// The `target` URI as written or evaluated.
    public var target: String
    /// The event, with `origin` naming the sending session.
    public var event: Event
    /// The session that sent it.
    public var sessionID: String
}

/// A delayed event the host must deliver later.
public struct TimerRequest: Hashable, Sendable {
    /// The timer id, unique within the root session (`<sessionid>/<sendid>`).
    public var id: String
    /// When to deliver it.
    public var due: Instant
    /// The event that will be delivered.
    public var event: Event
    /// The session that issued the `<send>`.
    public var sessionID: String
}

/// One `<log>` output.
public struct LogLine: Hashable, Sendable {
    /// The session that logged.
    public var sessionID: String
    /// The `label` attribute.
    public var label: String?
    /// The evaluated `expr`, if any.
    public var value: Value?
    /// The source line of the `<log>` element.
    public var line: Int
}

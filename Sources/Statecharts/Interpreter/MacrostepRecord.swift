/// One macrostep, for traces: the event that started it (nil for the initial one) and the resulting configuration.
public struct MacrostepRecord: Hashable, Sendable {
    /// The session that ran the macrostep.
    public var sessionID: String
    /// The triggering event name, or nil for the start of the session.
    public var event: String?
    /// The active state ids in document order after the macrostep.
    public var configuration: [String]
    /// The time of the event (the machine's clock during the macrostep).
    public var time: Instant
    /// What `<log>` wrote during the macrostep, in order (also in invoked sessions' own records).
    public var logs: [LogLine] = []
}

/// A delayed `<send>` waiting for the host to deliver it.
struct PendingTimer: Sendable, Hashable {
    /// Where the event goes when the timer fires.
    enum Target: Sendable, Hashable {
        case this
        case `internal`
        case parent
        case child(String)
        /// Another system (another statechart, a remote session): the host delivers it.
        case external(String)
    }

    var id: String
    var sendID: String
    var due: Instant
    var sequence: Int
    var target: Target
    var event: Event
}

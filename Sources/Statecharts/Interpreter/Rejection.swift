/// Why an event was not processed.
public enum Rejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// The machine has already halted.
    case halted(finalState: String?)
    /// The timer is not pending (cancelled, already fired, or never scheduled).
    case unknownTimer(String)
    /// The event is older than the snapshot.
    case timeWentBackwards(snapshot: Instant, event: Instant)
    /// The snapshot belongs to another document.
    case foreignSnapshot
    /// There is no queued event to run a macrostep for.
    case idle
    /// The event led to more microsteps than the limit without the machine becoming stable (an endless loop).
    case runaway(limit: Int)

    /// What happened and what to do.
    public var description: String {
        switch self {
        case .halted(let final):
            "the machine has already halted\(final.map { " in final state '\($0)'" } ?? ""); start a new session"
        case .unknownTimer(let id): "timer '\(id)' is not pending: it was cancelled or has already fired"
        case .timeWentBackwards(let snapshot, let event):
            "the event at \(event.iso8601) is earlier than the machine's time \(snapshot.iso8601)"
        case .foreignSnapshot: "the snapshot was made by a different document; restore it with this interpreter"
        case .idle: "nothing is queued: deliver an event first"
        case .runaway(let limit):
            "the machine took more than \(limit) microsteps without becoming stable: an eventless or raised-event loop never ends"
        }
    }
}

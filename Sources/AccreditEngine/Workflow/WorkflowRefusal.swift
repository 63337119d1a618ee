import Statecharts

/// Why an actor's event was refused before the machine processed it; never a silent drop.
public struct WorkflowRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of refusal.
    public enum Code: String, Hashable, Sendable {
        /// The event is accepted now, but not from any of the actor's roles.
        case roleNotAllowed = "role-not-allowed"
        /// No transition of the current states takes the event.
        case notAccepted = "not-accepted"
        /// Transitions take the event, but their guards are false now.
        case guardFailed = "guard-failed"
        /// The case has ended.
        case halted
        /// No transition of the workflow names the event exactly: people send declared names only, although
        /// descriptors match by prefix inside the statechart (`decision.record.x` is not `decision.record`).
        case undeclaredEvent = "undeclared-event"
        /// The event has no declared sender (only the system may send it), and a person tried.
        case systemOnly = "system-only"
    }

    /// The kind of refusal.
    public var code: Code
    /// The event's name.
    public var event: String
    /// The roles the actor acts in, sorted.
    public var actorRoles: [String]
    /// The roles that may send the event now (for `roleNotAllowed`), sorted.
    public var allowedRoles: [String]
    /// The active atomic states, in document order.
    public var states: [String]
    /// The events the actor may send now, in document order.
    public var acceptedNow: [String]
    /// The guards that were false (for `guardFailed`), in document order.
    public var guards: [String]

    /// Creates a refusal.
    public init(
        code: Code, event: String, actorRoles: [String], allowedRoles: [String] = [], states: [String] = [],
        acceptedNow: [String] = [], guards: [String] = []
    ) {
        self.code = code
        self.event = event
        self.actorRoles = actorRoles
        self.allowedRoles = allowedRoles
        self.states = states
        self.acceptedNow = acceptedNow
        self.guards = guards
    }

    /// What was refused, why, and what the actor may do instead.
    public var description: String {
        let roles = actorRoles.isEmpty ? "no role" : actorRoles.joined(separator: ", ")
        let now = acceptedNow.isEmpty ? "nothing you may send" : acceptedNow.joined(separator: ", ")
        let place = states.joined(separator: ", ")
        switch code {
        case .roleNotAllowed:
            return "event '\(event)' may be sent only by \(allowedRoles.joined(separator: ", ")) in state \(place), "
                + "but you act as \(roles): ask someone in one of those roles"
        case .notAccepted:
            return "event '\(event)' is not accepted in state \(place); accepted now: \(now)"
        case .guardFailed:
            return "event '\(event)' is not allowed yet in state \(place): its condition is false ("
                + guards.joined(separator: "; ") + "); accepted now: \(now)"
        case .halted:
            return "event '\(event)' is refused: the case has ended\(place.isEmpty ? "" : " in \(place)")"
        case .undeclaredEvent:
            return "event '\(event)' is not an event of this workflow: send exactly a name its transitions declare; "
                + "accepted now: \(now)"
        case .systemOnly:
            return "event '\(event)' is sent only by the system (deadlines and the statechart itself), never by a "
                + "person; accepted now: \(now)"
        }
    }
}

import Statecharts

/// An event an actor may send in the current state, with who may send it and the guards it must pass.
public struct AcceptedEvent: Hashable, Sendable {
    /// The event name, such as `evidence.submit`.
    public var name: String
    /// Every role that may send it from the current states, sorted.
    public var roles: [String]
    /// The guards of its transitions, in document order (empty when one of them is unguarded: nothing is required).
    public var guards: [String]
    /// Whether the event would be taken now (some transition's guard holds).
    public var enabled: Bool
    /// The states whose transitions take it, in document order.
    public var sources: [String]

    /// Creates an accepted event.
    public init(name: String, roles: [String], guards: [String], enabled: Bool, sources: [String]) {
        self.name = name
        self.roles = roles
        self.guards = guards
        self.enabled = enabled
        self.sources = sources
    }
}

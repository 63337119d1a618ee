/// A `<transition>`: event descriptors, an optional condition, targets and executable content.
public struct Transition: Hashable, Sendable {
    /// `internal` transitions from a compound state do not exit it.
    public enum Kind: String, Hashable, Sendable {
        /// Exits and re-enters the source (the default).
        case external
        /// Stays inside the source when all targets are its descendants.
        case `internal`
    }

    /// Event descriptors (`event="a b.c *"`), empty for an eventless transition.
    public var events: [String]
    /// The `cond` expression source, if any.
    public var cond: String?
    /// Target state ids, empty for a targetless transition.
    public var targets: [String]
    /// The transition type.
    public var type: Kind
    /// Executable content in document order.
    public var content: [Executable]
    /// The source line.
    public var line: Int
    /// Attributes and elements in foreign namespaces (a host's extensions).
    public var extensions: [ForeignNode]

    /// Creates a transition.
    public init(
        events: [String] = [], cond: String? = nil, targets: [String] = [], type: Kind = .external,
        content: [Executable] = [], line: Int = 0, extensions: [ForeignNode] = []
    ) {
        self.events = events
        self.cond = cond
        self.targets = targets
        self.type = type
        self.content = content
        self.line = line
        self.extensions = extensions
    }
}

/// One `<state>`, `<parallel>`, `<final>` or `<history>` element with its content, in document order.
public struct StateNode: Hashable, Sendable {
    /// Which kind of state element this is.
    public enum Kind: Hashable, Sendable {
        /// `<state>`: atomic when it has no child states, compound otherwise.
        case state
        /// `<parallel>`: all children are active together.
        case parallel
        /// `<final>`: its parent is done when it is entered.
        case final
        /// `<history type="shallow|deep">`.
        case history(deep: Bool)
    }

    /// The element kind.
    public var kind: Kind
    /// The `id` attribute; the reader generates one when it is missing.
    public var id: String
    /// The `initial` attribute's ids, empty when absent.
    public var initial: [String]
    /// The `<initial>` child's transition, when present.
    public var initialTransition: Transition?
    /// Child states in document order.
    public var children: [StateNode]
    /// Outgoing transitions in document order (for history: its one default transition).
    public var transitions: [Transition]
    /// Each `<onentry>` block, in document order.
    public var onEntry: [[Executable]]
    /// Each `<onexit>` block, in document order.
    public var onExit: [[Executable]]
    /// `<invoke>` elements in document order.
    public var invokes: [Invoke]
    /// `<data>` elements of this state's `<datamodel>`.
    public var data: [DataItem]
    /// The `<donedata>` of a final state.
    public var doneData: DoneData?
    /// The source line of the start tag.
    public var line: Int
    /// Attributes and elements in foreign namespaces.
    public var extensions: [ForeignNode]

    /// Creates a state node.
    public init(
        kind: Kind, id: String, initial: [String] = [], initialTransition: Transition? = nil,
        children: [StateNode] = [],
        transitions: [Transition] = [], onEntry: [[Executable]] = [], onExit: [[Executable]] = [],
        invokes: [Invoke] = [],
        data: [DataItem] = [], doneData: DoneData? = nil, line: Int = 0, extensions: [ForeignNode] = []
    ) {
        self.kind = kind
        self.id = id
        self.initial = initial
        self.initialTransition = initialTransition
        self.children = children
        self.transitions = transitions
        self.onEntry = onEntry
        self.onExit = onExit
        self.invokes = invokes
        self.data = data
        self.doneData = doneData
        self.line = line
        self.extensions = extensions
    }
}

/// One compiled state.
struct ChartState: Sendable {
    /// The kind after analysis.
    enum Kind: Sendable, Equatable {
        /// The `<scxml>` element.
        case root
        /// A `<state>` without child states.
        case atomic
        /// A `<state>` with child states.
        case compound
        /// A `<parallel>`.
        case parallel
        /// A `<final>`.
        case final
        /// A `<history>`.
        case history(deep: Bool)
    }

    var id: String
    var kind: Kind
    var parent: Int
    /// Child states excluding history pseudo-states, in document order.
    var childStates: [Int]
    /// History children.
    var historyChildren: [Int]
    /// Proper ancestors, nearest first, ending with the root (0).
    var ancestors: [Int]
    /// One past the last descendant's index.
    var subtreeEnd: Int
    /// The initial transition (compound and root) or default transition (history).
    var initialTransition: Int?
    /// Outgoing transitions in document order.
    var transitions: [Int]
    var onEntry: [[Action]]
    var onExit: [[Action]]
    var invokes: [ChartInvoke]
    var data: [ChartData]
    var doneData: ChartDoneData?
    var line: Int

    var isAtomic: Bool { kind == .atomic || kind == .final }
    var isCompound: Bool { kind == .compound }
    var isCompoundOrRoot: Bool { kind == .compound || kind == .root }
    var isFinal: Bool { kind == .final }
    var isParallel: Bool { kind == .parallel }
    var isHistory: Bool { if case .history = kind { true } else { false } }
}

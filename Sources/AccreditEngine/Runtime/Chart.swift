/// A compiled document: states indexed by integer in document order, with precomputed ancestry and parsed expressions.
///
/// Index 0 is the `<scxml>` element itself; every other state's index is its position in document order, so the
/// descendants of state `s` are exactly the indices `s + 1 ..< states[s].subtreeEnd`.
final class Chart: Sendable {
    /// The source document.
    let document: Document
    /// Every state, index 0 being the `<scxml>` root.
    let states: [ChartState]
    /// Every transition, including initial and history default transitions.
    let transitions: [ChartTransition]
    /// State index by id.
    let index: [String: Int]
    /// The datamodel dialect.
    let dialect: ExpressionDialect
    /// Whether data binding is late.
    let lateBinding: Bool

    init(
        document: Document, states: [ChartState], transitions: [ChartTransition], index: [String: Int],
        dialect: ExpressionDialect
    ) {
        self.document = document
        self.states = states
        self.transitions = transitions
        self.index = index
        self.dialect = dialect
        self.lateBinding = document.binding == .late
    }

    /// Whether `state` is a proper descendant of `ancestor`.
    @inline(__always)
    func isDescendant(_ state: Int, _ ancestor: Int) -> Bool {
        state > ancestor && state < states[ancestor].subtreeEnd
    }

    /// Whether two charts were compiled from equal documents (identity is checked first, so this is usually free).
    func isSameDocument(as other: Chart) -> Bool {
        self === other || document == other.document
    }

    /// The id of a state, `""` for the root.
    func id(_ state: Int) -> String { states[state].id }
}

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

/// One compiled transition.
struct ChartTransition: Sendable {
    var source: Int
    /// Event descriptors with any trailing `.*` or `.` removed; `"*"` matches everything.
    var events: [String]
    var cond: Expression?
    var targets: [Int]
    var isInternal: Bool
    var content: [Action]
    var line: Int
    /// The transition domain when it does not depend on history values (no history targets), else nil.
    var staticDomain: Int? = nil

    /// Whether the descriptors match an event name (token-prefix match).
    func matches(_ name: String) -> Bool {
        for descriptor in events {
            if descriptor == "*" || descriptor == name { return true }
            if name.hasPrefix(descriptor), name.utf8.count > descriptor.utf8.count {
                let next = name.utf8[name.utf8.index(name.utf8.startIndex, offsetBy: descriptor.utf8.count)]
                if next == UInt8(ascii: ".") { return true }
            }
        }
        return false
    }
}

/// A compiled `<data>`.
struct ChartData: Sendable {
    var id: String
    var expr: Expression?
    var content: Value?
    var line: Int
}

/// A compiled `<param>`.
struct ChartParam: Sendable {
    var name: String
    var expr: Expression
    var line: Int
}

/// A compiled `<content>`.
struct ChartContent: Sendable {
    var expr: Expression?
    var value: Value?
}

/// A compiled `<donedata>`.
struct ChartDoneData: Sendable {
    var content: ChartContent?
    var params: [ChartParam]
}

/// A compiled `<invoke>`.
struct ChartInvoke: Sendable {
    var typeIsSupported: Bool
    var typeExpr: Expression?
    var id: String?
    var idLocation: ChartLocation?
    var autoforward: Bool
    var namelist: [(name: String, expr: Expression)]
    var params: [ChartParam]
    var child: Chart?
    var finalize: [Action]
    var line: Int
}

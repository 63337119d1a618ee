/// A compiled document: states indexed by integer in document order, with precomputed ancestry and parsed expressions.
///
/// Index 0 is the `<scxml>` element itself; every other state's index is its position in document order, so the
/// descendants of state `s` are exactly the indices `s + 1 ..< states[s].subtreeEnd`.
@usableFromInline final class Chart: Sendable {
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
    /// What each event name selects from each atomic state, for the fast path of inert transitions.
    @usableFromInline let inertSelection: InertSelection
    /// Constructs that compile but raise `error.execution` when they run.
    let warnings: [DocumentIssue]

    init(
        document: Document, states: [ChartState], transitions: [ChartTransition], index: [String: Int],
        dialect: ExpressionDialect, warnings: [DocumentIssue] = []
    ) {
        self.warnings = warnings
        self.document = document
        self.states = states
        self.transitions = transitions
        self.index = index
        self.dialect = dialect
        self.lateBinding = document.binding == .late
        self.inertSelection = InertSelection(states: states, transitions: transitions)
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

/// Compiles a ``Document`` into a ``Chart``: indexes states in document order, resolves targets, parses expressions.
struct ChartBuilder {
    let document: Document
    let dialect: ExpressionDialect
    var states: [ChartState] = []
    var transitions: [ChartTransition] = []
    var index: [String: Int] = [:]
    var issues: [DocumentIssue] = []
    /// Constructs that compile but fail when they run (``DocumentIssue/Severity/warning``).
    var warnings: [DocumentIssue] = []
    /// Source nodes by state index (nil for the root).
    var nodes: [StateNode?] = []

    init(document: Document) {
        self.document = document
        self.dialect = document.datamodel == .null ? .null : .accredit
    }

    /// Builds the chart or returns every issue found.
    static func build(_ document: Document) -> Result<Chart, DocumentError> {
        var builder = ChartBuilder(document: document)
        builder.indexStates()
        builder.compileStates()
        builder.precomputeDomains()
        if !builder.issues.isEmpty {
            // The warnings too, in line order: every problem is reported.
            let all = (builder.issues + builder.warnings).enumerated().sorted {
                ($0.element.line, $0.offset) < ($1.element.line, $1.offset)
            }
            return .failure(DocumentError(all.map(\.element)))
        }
        return .success(
            Chart(
                document: document, states: builder.states, transitions: builder.transitions, index: builder.index,
                dialect: builder.dialect, warnings: builder.warnings))
    }

    func issue(_ line: Int, _ rule: String, _ message: String, column: Int = 0) -> DocumentIssue {
        DocumentIssue(file: document.file, line: line, column: column, rule: rule, message: message)
    }

    /// Third pass: stores each transition's domain when no history target makes it depend on the run.
    mutating func precomputeDomains() {
        for index in transitions.indices {
            let transition = transitions[index]
            guard !transition.targets.isEmpty, transition.targets.allSatisfy({ !states[$0].isHistory }) else {
                continue
            }
            let source = transition.source
            if transition.isInternal, states[source].isCompound,
                transition.targets.allSatisfy({ isDescendantOf($0, source) })
            {
                transitions[index].staticDomain = source
                continue
            }
            transitions[index].staticDomain =
                states[source].ancestors.first { ancestor in
                    (states[ancestor].kind == .compound || states[ancestor].kind == .root)
                        && transition.targets.allSatisfy { isDescendantOf($0, ancestor) }
                } ?? 0
        }
    }

    /// First pass: assigns indices in document order and fills parent, children and ancestry.
    mutating func indexStates() {
        states.append(
            ChartState(
                id: "", kind: .root, parent: -1, childStates: [], historyChildren: [], ancestors: [], subtreeEnd: 0,
                initialTransition: nil, transitions: [], onEntry: [], onExit: [], invokes: [], data: [], doneData: nil,
                line: document.line))
        nodes.append(nil)
        for child in document.children { add(child, parent: 0) }
        states[0].subtreeEnd = states.count
    }

    mutating func add(_ node: StateNode, parent: Int) {
        let me = states.count
        let kind: ChartState.Kind
        switch node.kind {
        case .state: kind = node.children.contains(where: { !$0.isHistory }) ? .compound : .atomic
        case .parallel: kind = .parallel
        case .final: kind = .final
        case .history(let deep): kind = .history(deep: deep)
        }
        if index[node.id] != nil {
            issues.append(issue(node.line, "scxml.id", "the id '\(node.id)' is used by more than one state"))
        } else {
            index[node.id] = me
        }
        states.append(
            ChartState(
                id: node.id, kind: kind, parent: parent, childStates: [], historyChildren: [],
                ancestors: [parent] + states[parent].ancestors, subtreeEnd: 0, initialTransition: nil, transitions: [],
                onEntry: [], onExit: [], invokes: [], data: [], doneData: nil, line: node.line))
        nodes.append(node)
        if case .history = kind {
            states[parent].historyChildren.append(me)
        } else {
            states[parent].childStates.append(me)
        }
        for child in node.children { add(child, parent: me) }
        states[me].subtreeEnd = states.count
    }
}

extension StateNode {
    /// Whether this node is a `<history>` pseudo-state.
    var isHistory: Bool { if case .history = kind { true } else { false } }
}

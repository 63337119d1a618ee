import AccreditEngine
import Statecharts

/// The static checks on an accreditation workflow; every problem is reported, not only the first.
///
/// Errors: `workflow.identity`, `workflow.extension`, `workflow.duplicate-id`, `workflow.unknown-target`,
/// `workflow.parallel-without-regions`, `workflow.history-default`, `workflow.unreachable-state`,
/// `workflow.no-final-reachable`, `workflow.guard-syntax`, `workflow.unknown-function`, `workflow.guard-arguments`,
/// `workflow.undeclared-criterion`, `workflow.undeclared-role`, `workflow.invoke` (and the others in ``rules``).
/// Warnings: `workflow.unsendable-event`,
/// `workflow.shadowed-transition` (and `workflow.framework-unavailable` from ``WorkflowReader``).
struct WorkflowChecker {
    /// Every rule the checks apply, errors and warnings.
    static let rules = [
        "workflow.identity", "workflow.extension", "workflow.duplicate-id", "workflow.unknown-target",
        "workflow.parallel-without-regions", "workflow.history-default", "workflow.unreachable-state",
        "workflow.no-final-reachable", "workflow.guard-syntax", "workflow.unknown-function",
        "workflow.guard-arguments", "workflow.undeclared-criterion", "workflow.undeclared-role",
        "workflow.unsendable-event", "workflow.shadowed-transition", "workflow.role-kind", "workflow.action",
        "workflow.award", "workflow.assignment", "workflow.appeal", "workflow.reminder", "workflow.invoke",
        "workflow.content",
    ]

    /// One state in document order, with the index of its parent (nil for a top-level state).
    struct Entry {
        var node: StateNode
        var parent: Int?
    }

    /// A transition with the index of the state it belongs to (for `<initial>` and history: that element).
    struct Edge {
        var source: Int
        var transition: Transition
        /// Whether it is the transition of an `<initial>` element.
        var isInitial: Bool
    }

    let file: String
    let document: Document
    let framework: Framework?
    let entries: [Entry]
    let edges: [Edge]
    /// The first entry index of each id.
    let indexByID: [String: Int]
    /// The edges of each state, by entry index.
    let edgesBySource: [[Edge]]
    /// The child states (not history) of each state, by entry index.
    let children: [[Int]]
    private(set) var diagnostics: [XMLDiagnostic] = []

    init(document: Document, file: String, framework: Framework?) {
        self.file = file
        self.document = document
        self.framework = framework
        var entries: [Entry] = []
        var edges: [Edge] = []
        func add(_ nodes: [StateNode], parent: Int?) {
            for node in nodes {
                let index = entries.count
                entries.append(Entry(node: node, parent: parent))
                if let initial = node.initialTransition {
                    edges.append(Edge(source: index, transition: initial, isInitial: true))
                }
                for transition in node.transitions {
                    edges.append(Edge(source: index, transition: transition, isInitial: false))
                }
                add(node.children, parent: index)
            }
        }
        add(document.children, parent: nil)
        self.entries = entries
        self.edges = edges
        var indexByID: [String: Int] = [:]
        for (index, entry) in entries.enumerated() where indexByID[entry.node.id] == nil {
            indexByID[entry.node.id] = index
        }
        self.indexByID = indexByID
        var edgesBySource = Array(repeating: [Edge](), count: entries.count)
        for edge in edges { edgesBySource[edge.source].append(edge) }
        self.edgesBySource = edgesBySource
        var children = Array(repeating: [Int](), count: entries.count)
        for (index, entry) in entries.enumerated() where !Self.isHistory(entry.node) {
            if let parent = entry.parent { children[parent].append(index) }
        }
        self.children = children
    }

    /// Runs every check.
    /// - Parameters:
    ///   - document: The document built by ``SCXMLLoader``.
    ///   - file: The name to put in diagnostics.
    ///   - framework: The framework criteria ids are checked against, if known.
    /// - Returns: Every diagnostic, in the order: structure, graph, guards, roles and events.
    static func check(_ document: Document, file: String, framework: Framework?) -> [XMLDiagnostic] {
        var checker = WorkflowChecker(document: document, file: file, framework: framework)
        checker.checkIdentity()
        checker.checkExtensions()
        checker.checkDuplicateIDs()
        let targetsKnown = checker.checkTargets()
        checker.checkParallels()
        checker.checkHistories()
        checker.checkInvokes()
        if targetsKnown { checker.checkGraph() }
        checker.checkGuards()
        checker.checkRoles()
        checker.checkActions()
        checker.checkAssignment()
        checker.checkAward()
        checker.checkAppeals()
        checker.checkReminders()
        checker.checkEvents()
        checker.checkShadowing()
        return checker.diagnostics
    }

    mutating func report(
        _ line: Int, _ rule: String, _ message: String, severity: XMLDiagnostic.Severity = .error, column: Int = 0
    ) {
        diagnostics.append(
            XMLDiagnostic(file: file, line: line, column: column, severity: severity, rule: rule, message: message))
    }

    /// Whether a node is a history pseudo-state.
    static func isHistory(_ node: StateNode) -> Bool {
        if case .history = node.kind { return true }
        return false
    }

    /// The child states (not history) of an entry.
    func childIndices(_ index: Int) -> [Int] { children[index] }

    /// Every transition's executable content and every `onentry`/`onexit` block, with the line of its owner.
    var executableBlocks: [[Executable]] {
        var blocks = edges.map(\.transition.content)
        for entry in entries {
            blocks += entry.node.onEntry
            blocks += entry.node.onExit
        }
        return blocks
    }

    /// Visits executable content recursively.
    static func visit(_ block: [Executable], _ body: (Executable) -> Void) {
        for item in block {
            body(item)
            switch item.kind {
            case .if(let branches): for branch in branches { visit(branch.body, body) }
            case .foreach(_, _, _, let inner): visit(inner, body)
            default: break
            }
        }
    }
}

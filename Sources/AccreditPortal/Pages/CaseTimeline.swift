import Statecharts

/// Where a case is in its lifecycle, as a short list of stages: the steps of the deepest active state that has at
/// least three steps (for the shipped workflow before the decision: application, screening, evidence, desk review,
/// visit, findings, corrective action, recommendation), in the workflow's order, with the current one marked.
///
/// It is worked out from the workflow's own states, so it follows any body's workflow without declarations. Stages
/// are not ticked off: a workflow branches (a refusal, an appeal), so a stage earlier in the document is not
/// necessarily one the case went through; the case's history page says what it did.
struct CaseTimeline {
    /// One stage.
    struct Stage {
        /// The state's id.
        let id: String
        /// Before the current stage in the workflow's order, current, or after it.
        let position: Position
    }

    /// Where a stage is relative to the case, in the workflow's order.
    enum Position: String {
        /// Earlier in the workflow than where the case is.
        case earlier
        /// Where the case is.
        case current
        /// Later in the workflow.
        case later
    }

    /// The stages, in document order.
    let stages: [Stage]
    /// The active states from the outermost to the innermost, for the "you are here" line.
    let path: [String]

    /// The timeline of a case whose active states are `configuration`.
    init(document: Document, configuration: [String]) {
        let active = Set(configuration)
        var path: [StateNode] = []
        var level = document.children
        while let node = level.first(where: { active.contains($0.id) && Self.isStep($0) }) {
            path.append(node)
            level = node.children
        }
        self.path = path.map(\.id)
        var chosen: ([StateNode], String)?
        var siblings = document.children
        for node in path {
            let steps = siblings.filter(Self.isStep)
            if steps.count >= 3 { chosen = (steps, node.id) }
            siblings = node.children
        }
        guard let (steps, current) = chosen else {
            stages = path.map { Stage(id: $0.id, position: .current) }
            return
        }
        var seen = false
        stages = steps.map { step in
            if step.id == current {
                seen = true
                return Stage(id: step.id, position: .current)
            }
            return Stage(id: step.id, position: seen ? .later : .earlier)
        }
    }

    /// Whether a node is a stage a person would name: a state or parallel region, not a history pseudo-state.
    static func isStep(_ node: StateNode) -> Bool {
        if case .history = node.kind { return false }
        return true
    }

    /// The stages for the template: `{label, position, current}`.
    var context: [[String: Any]] {
        stages.map { stage in
            [
                "label": PortalLinks.words(stage.id), "position": stage.position.rawValue,
                "current": stage.position == .current,
            ]
        }
    }
}

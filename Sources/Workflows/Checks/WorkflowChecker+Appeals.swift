import AccreditEngine
import Statecharts

extension WorkflowChecker {
    /// `workflow.appeal`: `acc:appeal` names a kind of decision (lowercase letters, digits and hyphens) on states
    /// that do not nest; appeals are lodged (`lodge-appeal`) only in or under such a state; a workflow that takes
    /// appeals offers an administrator a panel to appoint and a way to uphold and dismiss them; each `acc:appeal`
    /// state, where its appeals are heard, offers both on itself or a state around it, and a lodge stays inside it
    /// (leaving it lapses the appeal); and `acc:appeal-resolve-within` is a duration.
    mutating func checkAppeals() {
        for entry in entries {
            guard let kind = entry.node.appealKind else { continue }
            if !Self.isAppealKind(kind) {
                report(
                    entry.node.line, "workflow.appeal",
                    "acc:appeal=\"\(kind)\" must name the kind of decision appealed in lowercase letters, digits and "
                        + "hyphens, such as acc:appeal=\"refusal\"")
            }
            if let outer = appealAncestor(of: entry.parent) {
                report(
                    entry.node.line, "workflow.appeal",
                    "state '\(entry.node.id)' has acc:appeal inside '\(entries[outer].node.id)', which has it too: "
                        + "an appeal is against one decision, so mark only one of them")
            }
        }
        var offered: Set<TransitionAction> = []
        let kinds = document.roleKinds
        for edge in edges where !edge.isInitial {
            guard let action = edge.transition.declaredAction else { continue }
            let roles = kinds.kinds(of: Set(edge.transition.declaredRoles ?? []))
            if action == .appointPanel, !roles.contains(.administrator) { continue }
            offered.insert(action)
            if action == .lodgeAppeal, entries[edge.source].node.appealKind == nil,
                appealAncestor(of: entries[edge.source].parent) == nil
            {
                report(
                    edge.transition.line, "workflow.appeal",
                    "'\(edge.transition.descriptors.first?.name ?? "lodge-appeal")' lodges an appeal in state "
                        + "'\(entries[edge.source].node.id)', which holds no appealable decision: mark the state with "
                        + "acc:appeal=\"KIND\" (docs/workflow-language.md, \"Appeals\")")
            }
        }
        if offered.contains(.lodgeAppeal) {
            let missing = [TransitionAction.appointPanel, .upholdAppeal, .dismissAppeal].filter {
                !offered.contains($0)
            }
            if !missing.isEmpty {
                report(
                    document.line, "workflow.appeal",
                    "the workflow takes appeals but offers no "
                        + missing.map { "acc:action=\"\($0.rawValue)\"" }
                        .joined(separator: ", ")
                        + " (a panel is appointed by an administrator role): an appeal could never be resolved")
            }
        }
        for (index, entry) in entries.enumerated() where entry.node.appealKind != nil && !resolves(from: index) {
            report(
                entry.node.line, "workflow.appeal",
                "appeals against state '\(entry.node.id)''s decision are heard in it, but it offers no "
                    + "acc:action=\"uphold-appeal\" and acc:action=\"dismiss-appeal\" (on itself or a state around "
                    + "it): the panel could never resolve them")
        }
        for edge in edges where !edge.isInitial && edge.transition.declaredAction == .lodgeAppeal {
            guard let scope = appealAncestor(of: edge.source) else { continue }
            for target in edge.transition.targets {
                guard let index = indexByID[target], appealAncestor(of: index) != scope else { continue }
                report(
                    edge.transition.line, "workflow.appeal",
                    "the appeal lodged here goes to '\(target)', outside '\(entries[scope].node.id)' where it is "
                        + "heard: leaving that state lapses the appeal at once; target a state inside it")
            }
        }
        if let text = document.accreditAttribute("appeal-resolve-within"), document.appealResolveWithin == nil {
            report(
                document.line, "workflow.appeal",
                "acc:appeal-resolve-within=\"\(text)\" is not a duration: write one such as P60D")
        }
    }

    /// Whether the state or one around it offers both resolutions of an appeal.
    private func resolves(from index: Int) -> Bool {
        var found: Set<TransitionAction> = []
        var current: Int? = index
        while let at = current {
            for edge in edgesBySource[at] where !edge.isInitial {
                if let action = edge.transition.declaredAction { found.insert(action) }
            }
            current = entries[at].parent
        }
        return found.contains(.upholdAppeal) && found.contains(.dismissAppeal)
    }

    /// The nearest state from `index` upwards that has `acc:appeal`, if any.
    private func appealAncestor(of index: Int?) -> Int? {
        var current = index
        while let at = current {
            if entries[at].node.appealKind != nil { return at }
            current = entries[at].parent
        }
        return nil
    }

    private static func isAppealKind(_ kind: String) -> Bool {
        guard let first = kind.utf8.first, first >= 0x61, first <= 0x7A, kind.utf8.count <= 40 else { return false }
        return kind.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }
}

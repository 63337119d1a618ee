import AccreditEngine
import Statecharts

extension WorkflowChecker {
    /// `workflow.undeclared-role`: every role in `acc:roles` is declared with `<acc:role>` (`system` always is).
    mutating func checkRoles() {
        var declared: Set<String> = [WorkflowExtension.systemRole]
        for node in document.extensions where node.namespace == WorkflowExtension.namespace && node.name == "role" {
            guard let id = node.attributes["id"], !id.isEmpty else { continue }
            if declared.contains(id) && id != WorkflowExtension.systemRole {
                report(node.line, "workflow.duplicate-id", "role '\(id)' is declared twice: declare it once")
            }
            declared.insert(id)
        }
        for edge in edges {
            for role in edge.transition.declaredRoles ?? [] where !declared.contains(role) {
                report(
                    edge.transition.line, "workflow.undeclared-role",
                    "role '\(role)' is not declared: add <acc:role id=\"\(role)\"/> to <scxml>, or use one of "
                        + declared.sorted().joined(separator: ", "))
            }
        }
    }

    /// `workflow.unsendable-event` (warning): an event only `system` may send that nothing raises or sends.
    mutating func checkEvents() {
        var produced: [String] = []
        for block in executableBlocks {
            Self.visit(block) { item in
                switch item.kind {
                case .raise(let event): produced.append(event)
                case .send(let send): if let event = send.event { produced.append(event) }
                default: break
                }
            }
        }
        var reported: Set<String> = []
        var byRole: Set<String> = []
        for edge in edges where !(edge.transition.declaredRoles ?? []).isEmpty {
            byRole.formUnion(edge.transition.descriptors.map(\.name))
        }
        for edge in edges {
            for descriptor in edge.transition.descriptors {
                let name = descriptor.name
                guard !name.isEmpty, !descriptor.isWildcard, !name.hasPrefix("done."), !name.hasPrefix("error."),
                    name != "done", name != "error", !byRole.contains(name), !reported.contains(name),
                    !produced.contains(where: descriptor.matches)
                else { continue }
                reported.insert(name)
                report(
                    edge.transition.line, "workflow.unsendable-event",
                    "event '\(name)' has no acc:roles, so only the system may send it, and nothing raises or sends "
                        + "it: add acc:roles=\"…\" (acc:roles=\"system\" if a service sends it) or a <send>",
                    severity: .warning)
            }
        }
    }

    /// `workflow.shadowed-transition` (warning): a later transition of the same state with the same events can
    /// never be taken because an earlier one has no condition.
    mutating func checkShadowing() {
        for (source, stateEdges) in edgesBySource.enumerated() {
            let candidates = stateEdges.filter { !$0.isInitial }
            var shadowed: Set<Int> = []
            for (position, edge) in candidates.enumerated()
            where edge.transition.cond == nil && !shadowed.contains(position) {
                let events = edge.transition.events.sorted()
                for later in (position + 1)..<candidates.count
                where !shadowed.contains(later) && candidates[later].transition.events.sorted() == events {
                    shadowed.insert(later)
                    let label = events.isEmpty ? "eventless" : "'\(events.joined(separator: " "))'"
                    report(
                        candidates[later].transition.line, "workflow.shadowed-transition",
                        "this \(label) transition of '\(entries[source].node.id)' is never taken: the one at line "
                            + "\(edge.transition.line) takes the same event without a condition; reorder or add a cond",
                        severity: .warning)
                }
            }
        }
    }
}

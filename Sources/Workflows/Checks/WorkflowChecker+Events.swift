import AccreditEngine
import Statecharts

extension WorkflowChecker {
    /// `workflow.undeclared-role`: every role in `acc:roles` is declared with `<acc:role>` (`system` always is);
    /// `workflow.role-kind`: every declared role says what it is (``RoleKind``), and none redeclares `system`.
    mutating func checkRoles() {
        var declared: Set<String> = [WorkflowExtension.systemRole]
        let kinds = RoleKind.declarable.map(\.rawValue).joined(separator: ", ")
        for node in document.extensions where node.namespace == WorkflowExtension.namespace && node.name == "role" {
            guard let id = node.attributes["id"], !id.isEmpty else { continue }
            if id == WorkflowExtension.systemRole {
                report(
                    node.line, "workflow.role-kind",
                    "the system role is built in (timers and the statechart itself): remove <acc:role id=\"system\">")
                continue
            }
            if declared.contains(id) {
                report(node.line, "workflow.duplicate-id", "role '\(id)' is declared twice: declare it once")
            }
            declared.insert(id)
            switch node.attributes["kind"] {
            case nil:
                report(
                    node.line, "workflow.role-kind",
                    "role '\(id)' needs a kind, which decides the protections its holders get: add kind=\"…\", one of "
                        + kinds + " (docs/workflow-language.md, \"Role kinds\")")
            case let kind? where RoleKind(rawValue: kind) == nil || kind == RoleKind.system.rawValue:
                report(node.line, "workflow.role-kind", "role '\(id)' has kind '\(kind)'; use one of \(kinds)")
            default:
                break
            }
        }
        for edge in edges {
            for role in edge.transition.declaredRoles ?? [] where !declared.contains(role) {
                report(
                    edge.transition.line, "workflow.undeclared-role",
                    "role '\(role)' is not declared: add <acc:role id=\"\(role)\" kind=\"…\"/> to <scxml>, or use one of "
                        + declared.sorted().joined(separator: ", "))
            }
        }
    }

    /// `workflow.action`: every `acc:action` names a ``TransitionAction``, and every transition of one event name
    /// declares the same action (the case rules follow the action, so a name must not mean two things); a visit the
    /// organisation is not told of (`hold-visit`) is not offered to the organisation's roles; and a scope is not
    /// declared afresh inside an award state (an award's scope changes by `request-scope-change` and
    /// `decide-scope-change`, so that the change is assessed and decided and the certificate issued again); and a
    /// new cycle (`renew`) begins only inside an award state (a renewal offered elsewhere would wipe the ratings of
    /// an assessment under way).
    mutating func checkActions() {
        let actions = TransitionAction.allCases.map(\.rawValue).joined(separator: ", ")
        var first: [String: (action: TransitionAction?, line: Int)] = [:]
        for edge in edges where !edge.isInitial {
            let transition = edge.transition
            if let raw = transition.actionAttribute, TransitionAction(rawValue: raw) == nil {
                report(
                    transition.line, "workflow.action", "acc:action '\(raw)' is not an action: use one of \(actions)")
                continue
            }
            let action = transition.declaredAction
            if action == .holdVisit,
                let role = (transition.declaredRoles ?? []).first(where: {
                    (document.roleKinds.kinds[$0] ?? []).contains(.organisation)
                })
            {
                report(
                    transition.line, "workflow.action",
                    "acc:action 'hold-visit' records a visit the organisation was not told of, but is offered to "
                        + "'\(role)', an organisation's role: offer it to evaluator roles")
            }
            if action == .requestScopeChange || action == .decideScopeChange, awardAncestor(of: edge.source) == nil {
                report(
                    transition.line, "workflow.action",
                    "acc:action '\(action?.rawValue ?? "")' changes an award's scope, but is offered outside the award "
                        + "states (acc:award-states): offer it inside one, where a case holds an award")
            }
            if [.reviewNotApplicable, .decideScopeChange].contains(action),
                let role = (transition.declaredRoles ?? []).first(where: {
                    (document.roleKinds.kinds[$0] ?? []).contains(.organisation)
                })
            {
                report(
                    transition.line, "workflow.action",
                    "acc:action '\(action?.rawValue ?? "")' judges what the organisation asked for, but is offered to "
                        + "'\(role)', an organisation's role: offer it to \(action == .reviewNotApplicable ? "evaluator" : "decider") roles"
                )
            }
            if action == .renew, awardAncestor(of: edge.source, among: Set(document.awardStates)) == nil {
                report(
                    transition.line, "workflow.action",
                    "acc:action 'renew' begins a new assessment cycle, clearing the ratings and evidence, but is "
                        + "offered outside the award states (acc:award-states): offer it inside one, so that only a "
                        + "case holding an award is renewed")
            } else if action == .renew,
                transition.targets.isEmpty
                    || transition.targets.contains(where: {
                        indexByID[$0].flatMap { awardAncestor(of: $0, among: Set(document.awardStates)) } != nil
                    })
            {
                report(
                    transition.line, "workflow.action",
                    "acc:action 'renew' must take the case out of the award states (acc:award-states) to the "
                        + "renewal's assessment: a new cycle that stayed in the award would clear the ratings the "
                        + "award stands on")
            }
            if action == .declareScope, let award = awardAncestor(of: edge.source) {
                report(
                    transition.line, "workflow.action",
                    "acc:action 'declare-scope' is offered inside award state '\(award)': an award's scope changes "
                        + "by request-scope-change and decide-scope-change, so that the change is assessed, decided "
                        + "and the certificate issued again")
            }
            for descriptor in transition.descriptors where !descriptor.isWildcard && !descriptor.name.isEmpty {
                let name = descriptor.name
                guard let earlier = first[name] else {
                    first[name] = (action, transition.line)
                    continue
                }
                if earlier.action != action {
                    let said = { (action: TransitionAction?) in action.map { "'\($0.rawValue)'" } ?? "none" }
                    report(
                        transition.line, "workflow.action",
                        "event '\(name)' declares acc:action \(said(action)) here but \(said(earlier.action)) on line "
                            + "\(earlier.line): the case rules follow the action, so give every transition of '\(name)' "
                            + "the same acc:action")
                }
            }
        }
    }

    /// The award state (`acc:award-states`, or a suspended or withdrawn award's) that is the entry or one of its
    /// ancestors, if any.
    private func awardAncestor(of index: Int, among states: Set<String>? = nil) -> String? {
        let awards =
            states ?? Set(document.awardStates + document.awardSuspendedStates + document.awardWithdrawnStates)
        var current: Int? = index
        while let position = current {
            if awards.contains(entries[position].node.id) { return entries[position].node.id }
            current = entries[position].parent
        }
        return nil
    }

    /// `workflow.assignment`: a workflow with acts of evaluation (``TransitionAction/evaluating``) offered to anyone
    /// but administrators declares an `assign` transition offered to an administrator role, since only a case's
    /// assigned team may evaluate it.
    mutating func checkAssignment() {
        let kinds = document.roleKinds
        var evaluating: (name: String, line: Int)?
        var assigns = false
        for edge in edges where !edge.isInitial {
            let transition = edge.transition
            guard let action = transition.declaredAction else { continue }
            let roles = Set(transition.declaredRoles ?? [])
            if action == .assign, kinds.kinds(of: roles).contains(.administrator) { assigns = true }
            if evaluating == nil, TransitionAction.evaluating.contains(action),
                roles.contains(where: { !(kinds.kinds[$0] ?? []).contains(.administrator) })
            {
                evaluating = (transition.descriptors.first?.name ?? action.rawValue, transition.line)
            }
        }
        guard let evaluating, !assigns else { return }
        report(
            evaluating.line, "workflow.assignment",
            "'\(evaluating.name)' is an act of evaluation, which only a case's assigned team may send, but no "
                + "transition assigns people: add one with acc:action=\"assign\" offered to an administrator role "
                + "(docs/workflow-language.md, \"Assignment\")")
    }

    /// `workflow.award`: a workflow whose transitions decide declares where its cases hold an award
    /// (`acc:award-states`, existing state ids) and the timer that ends it (`acc:award-expiry`, the id of a `<send>`).
    mutating func checkAward() {
        let decides = edges.contains { $0.transition.declaredAction == .decide }
        let states = document.awardStates
        let timer = document.awardExpiryTimer
        if decides && states.isEmpty {
            report(
                document.line, "workflow.award",
                "the workflow records decisions (acc:action=\"decide\") but declares no award state: add "
                    + "acc:award-states=\"STATE …\" to <scxml>, naming the states in which a case holds an award")
        }
        for state in states where indexByID[state] == nil {
            report(
                document.line, "workflow.award",
                "acc:award-states names '\(state)', which is not a state of the workflow: name the award states' ids")
        }
        for state in document.awardSuspendedStates where indexByID[state] == nil {
            report(
                document.line, "workflow.award",
                "acc:award-suspended names '\(state)', which is not a state of the workflow: name the states in which "
                    + "an award is suspended")
        }
        for state in document.awardWithdrawnStates where indexByID[state] == nil {
            report(
                document.line, "workflow.award",
                "acc:award-withdrawn names '\(state)', which is not a state of the workflow: name the states in which "
                    + "an award is withdrawn while the withdrawal may be appealed")
        }
        for state in document.awardWithdrawnStates
        where states.contains(state) || document.awardSuspendedStates.contains(state) {
            report(
                document.line, "workflow.award",
                "acc:award-withdrawn names '\(state)', which acc:award-states or acc:award-suspended also names: a "
                    + "withdrawn award is neither held nor suspended")
        }
        for state in document.awardSuspendedStates where states.contains(state) {
            report(
                document.line, "workflow.award",
                "acc:award-suspended names '\(state)', which acc:award-states also names: a suspended award is not "
                    + "held")
        }
        guard !states.isEmpty else { return }
        var sendIDs: Set<String> = []
        for block in executableBlocks {
            Self.visit(block) { item in
                if case .send(let send) = item.kind, let id = send.id { sendIDs.insert(id) }
            }
        }
        switch timer {
        case nil:
            report(
                document.line, "workflow.award",
                "the workflow declares award states but not the timer that ends an award: add "
                    + "acc:award-expiry=\"SEND-ID\" to <scxml>, the id of the <send> scheduled when the award starts")
        case let timer? where !sendIDs.contains(timer):
            report(
                document.line, "workflow.award",
                "acc:award-expiry names '\(timer)', but no <send id=\"\(timer)\"> schedules it: name the award timer's "
                    + "send id")
        default:
            break
        }
    }

    /// `workflow.unsendable-event` (warning): an event only `system` may send that nothing raises or sends (a child
    /// document held inline sends to this one with `target="#_parent"`).
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
        for entry in entries {
            for invoke in entry.node.invokes {
                guard let child = invoke.document?.document else { continue }
                for block in Self.blocks(of: child.children) {
                    Self.visit(block) { item in
                        if case .send(let send) = item.kind, send.target == "#_parent", let event = send.event {
                            produced.append(event)
                        }
                    }
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

    /// Every executable block of these states and their descendants (not of documents they invoke).
    static func blocks(of nodes: [StateNode]) -> [[Executable]] {
        nodes.flatMap { node in
            node.onEntry + node.onExit + node.transitions.map(\.content) + blocks(of: node.children)
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

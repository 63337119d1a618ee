import Statecharts

/// The accreditation extension to SCXML: namespace `urn:accredit:workflow:1`, conventionally prefixed `acc`.
///
/// See `docs/workflow-language.md`: declared roles (`<acc:role id kind>` in `<scxml>`), `acc:roles` and `acc:action` on
/// transitions, `acc:version`, `acc:framework`, `acc:framework-version`, `acc:award-states` and `acc:award-expiry` on
/// `<scxml>`.
public enum WorkflowExtension {
    /// The namespace URI.
    public static let namespace = "urn:accredit:workflow:1"
    /// The role that delivers timers and system events; a transition without `acc:roles` is for it alone.
    public static let systemRole = "system"
}

extension Transition {
    /// The roles listed in `acc:roles`, or nil when the transition has no such attribute.
    public var declaredRoles: [String]? {
        guard let node = extensions.first(where: { $0.namespace == WorkflowExtension.namespace && $0.name == "roles" })
        else { return nil }
        return node.value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(
            String.init)
    }

    /// The roles that may send this transition's event: `acc:roles`, or only `system` when it is absent.
    public var allowedRoles: [String] { declaredRoles ?? [WorkflowExtension.systemRole] }
}

extension Document {
    /// The value of an `acc:` attribute on `<scxml>`, if present.
    public func accreditAttribute(_ name: String) -> String? {
        extensions.first { $0.namespace == WorkflowExtension.namespace && $0.name == name && $0.attributes.isEmpty }?
            .value
    }

    /// The roles declared with `<acc:role id="…"/>`, in document order.
    public var declaredRoles: [String] {
        extensions.compactMap { node in
            guard node.namespace == WorkflowExtension.namespace, node.name == "role" else { return nil }
            return node.attributes["id"]
        }
    }

    /// The workflow version from `acc:version`.
    public var workflowVersion: String? { accreditAttribute("version") }

    /// The framework id the workflow expects, from `acc:framework`.
    public var expectedFramework: String? { accreditAttribute("framework") }

    /// The states in which a case holds an award, from `acc:award-states` (space-separated state ids).
    public var awardStates: [String] {
        (accreditAttribute("award-states") ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
            .map(String.init)
    }

    /// The states in which a case's award is suspended (not in force, but not ended), from `acc:award-suspended`
    /// (space-separated state ids); empty when the workflow has no suspension.
    public var awardSuspendedStates: [String] {
        (accreditAttribute("award-suspended") ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
            .map(String.init)
    }

    /// The states in which a case's award is withdrawn while the withdrawal may still be appealed (not in force; the
    /// certificate reads `withdrawn`), from `acc:award-withdrawn` (space-separated state ids); empty when the workflow
    /// has none.
    public var awardWithdrawnStates: [String] {
        (accreditAttribute("award-withdrawn") ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
            .map(String.init)
    }

    /// The send id of the timer whose due time ends the award, from `acc:award-expiry`.
    public var awardExpiryTimer: String? { accreditAttribute("award-expiry") }

    /// The framework version the workflow expects, from `acc:framework-version`.
    public var expectedFrameworkVersion: String? { accreditAttribute("framework-version") }
}

extension StateNode {
    /// The kind of decision an appeal lodged in this state is against, from `acc:appeal` (such as `refusal`), or
    /// nil when the state holds no appealable decision.
    public var appealKind: String? {
        extensions.first { $0.namespace == WorkflowExtension.namespace && $0.name == "appeal" }?.value
    }
}

extension Document {
    /// Each state that holds an appealable decision (`acc:appeal`) with its kind, in document order, and the events
    /// of its deadlines: those that only the system sends of the states (it or inside it) where an appeal is lodged,
    /// which end the time to appeal.
    public var appealStates: [(state: String, kind: String, deadlines: Set<String>)] {
        var found: [(state: String, kind: String, deadlines: Set<String>)] = []
        func deadlines(_ node: StateNode) -> Set<String> {
            var events: Set<String> = []
            if node.transitions.contains(where: { $0.declaredAction == .lodgeAppeal }) {
                for transition in node.transitions where transition.declaredRoles == nil {
                    events.formUnion(transition.descriptors.map(\.name))
                }
            }
            for child in node.children { events.formUnion(deadlines(child)) }
            return events
        }
        func visit(_ node: StateNode) {
            if let kind = node.appealKind { found.append((node.id, kind, deadlines(node))) }
            node.children.forEach(visit)
        }
        children.forEach(visit)
        return found
    }

    /// How long an appeal's panel has to resolve it, from `acc:appeal-resolve-within` (an ISO 8601 duration such as
    /// `P60D`), or nil when the workflow sets no limit (or the value does not parse: the static checks refuse it).
    public var appealResolveWithin: Delay? { accreditAttribute("appeal-resolve-within").flatMap(Delay.init(parsing:)) }
}

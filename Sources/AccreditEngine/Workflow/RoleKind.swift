import Statecharts

/// What a workflow role means to the rules about people; every protection follows the kind, never the role's name.
///
/// Declared with `<acc:role id="…" kind="…"/>`. The `system` role (timers, the statechart itself) is built in and
/// has the kind ``system``; no declared role may have it.
public enum RoleKind: String, CaseIterable, Hashable, Sendable, Comparable {
    /// Represents one organisation, is bound to it, and may act and see only on that organisation's cases.
    case organisation
    /// Administers the scheme: the directory, cases of every organisation, publishing, deadlines.
    case administrator
    /// Evaluates (assesses): conflict-checked; taking part in evaluation bars deciding the case.
    case evaluator
    /// Decides (and hears appeals): conflict-checked, and must not have taken part in the case's evaluation.
    case decider
    /// Reads everything and changes nothing (audit).
    case auditor
    /// The engine itself: timers and events the statechart raises. Never held by a person.
    case system

    /// The kinds a workflow may declare (all but ``system``), in documentation order.
    public static let declarable: [RoleKind] = [.organisation, .administrator, .evaluator, .decider, .auditor]

    /// The kinds of people who work for the accrediting body (everyone but organisations and the system).
    public static let staff: Set<RoleKind> = [.administrator, .evaluator, .decider, .auditor]

    /// The kinds whose holders must be impartial: conflict-checked before they act on a case.
    public static let impartial: Set<RoleKind> = [.evaluator, .decider]

    /// Orders kinds as ``allCases`` lists them.
    public static func < (lhs: RoleKind, rhs: RoleKind) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}

/// The kind of each role, as one workflow (or every published workflow together) declares them.
public struct RoleKinds: Hashable, Sendable {
    /// Each role's kinds; a role declared differently by two workflows holds both.
    public private(set) var kinds: [String: Set<RoleKind>]

    /// Roles with their kinds; `system` always has the kind ``RoleKind/system``.
    public init(_ kinds: [String: Set<RoleKind>] = [:]) {
        self.kinds = kinds
        self.kinds[WorkflowExtension.systemRole] = [.system]
    }

    /// Both sets of declarations together.
    public func merging(_ other: RoleKinds) -> RoleKinds {
        RoleKinds(kinds.merging(other.kinds) { $0.union($1) })
    }

    /// The kinds an actor holding these roles has; a role with no declared kind counts as ``RoleKind/organisation``
    /// (the most restricted: bound to its own organisation, conflict-free only by having no evaluation kind), so a
    /// role that a workflow forgot to explain fails closed.
    public func kinds(of roles: Set<String>) -> Set<RoleKind> {
        var result: Set<RoleKind> = []
        for role in roles {
            if let declared = kinds[role], !declared.isEmpty {
                result.formUnion(declared)
            } else {
                result.insert(.organisation)
            }
        }
        return result
    }

    /// The roles declared with one of these kinds, sorted: "who may do this" in refusals.
    public func roles(withAnyOf wanted: Set<RoleKind>) -> [String] {
        kinds.filter { !$0.value.isDisjoint(with: wanted) }.keys.sorted()
    }

    /// Whether the role is declared at all.
    public func isDeclared(_ role: String) -> Bool { kinds[role] != nil }
}

extension Document {
    /// The kinds the document declares for its roles (`<acc:role id kind>`); a role without a valid kind is left out
    /// and so counts as an organisation (``RoleKinds/kinds(of:)``). The static checks refuse such a document.
    public var roleKinds: RoleKinds {
        var kinds: [String: Set<RoleKind>] = [:]
        for node in extensions where node.namespace == WorkflowExtension.namespace && node.name == "role" {
            guard let id = node.attributes["id"] else { continue }
            if let kind = node.attributes["kind"].flatMap(RoleKind.init(rawValue:)), kind != .system {
                kinds[id, default: []].insert(kind)
            } else {
                kinds[id, default: []] = kinds[id] ?? []
            }
        }
        return RoleKinds(kinds)
    }
}

import AccreditEngine
import EvidenceStore

/// The signed-in person looking at a page: who they are, what their roles mean, and the session's CSRF token.
public struct Viewer: Sendable {
    /// The person.
    public let actor: Actor
    /// What their roles mean under the published workflows.
    public let kinds: Set<RoleKind>
    /// The token every form of theirs carries.
    public let csrfToken: String

    /// Creates a viewer.
    public init(actor: Actor, kinds: Set<RoleKind>, csrfToken: String) {
        self.actor = actor
        self.kinds = kinds
        self.csrfToken = csrfToken
    }

    /// Whether they act for an organisation (and see only its cases): they hold no staff role, as the desk
    /// judges it.
    public var actsForOrganisation: Bool { kinds.isDisjoint(with: RoleKind.staff) }

    /// The links of the main navigation, for this person.
    func navigation(current path: String) -> [[String: Any]] {
        var links: [(String, String)] = [("/", actsForOrganisation ? "Your cases" : "Cases")]
        let administers = kinds.contains(.administrator)
        if !actsForOrganisation { links.append(("/deadlines", "Deadlines")) }
        if administers || kinds.contains(.auditor) { links.append(("/organisations", "Organisations")) }
        if administers { links.append(("/people", "People")) }
        if !kinds.isDisjoint(with: RoleKind.staff) {
            links.append(("/conflicts", "Conflicts"))
            links.append(("/competences", "Training"))
        }
        if administers || kinds.contains(.auditor) { links.append(("/complaints", "Complaints")) }
        if administers || kinds.contains(.auditor) || kinds.contains(.decider) { links.append(("/report", "Report")) }
        if administers { links.append(("/definitions", "Definitions")) }
        if administers || kinds.contains(.auditor) { links.append(("/audit", "Audit")) }
        links.append(("/account", "Your account"))
        return links.map { href, label in
            ["href": href, "label": label, "current": href == path || (href != "/" && path.hasPrefix(href + "/"))]
        }
    }
}

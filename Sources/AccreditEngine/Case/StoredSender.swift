/// Who sent a stored event, as the directory knows them: what replay needs to re-check that the sender was allowed
/// to send it (``CaseMachine/senderRefusal(_:from:organisation:in:)``).
public enum StoredSender: Hashable, Sendable {
    /// The engine itself (the built-in `system` actor), which only delivers deadlines that fall due.
    case system
    /// A registered person, with the roles and declarations they held.
    case person(SenderRecord)
    /// An actor id the directory does not know.
    case unknown
}

/// A registered person as replay sees them. Roles are immutable in the directory, so the roles held now are the
/// roles held then.
public struct SenderRecord: Hashable, Sendable {
    /// The actor id.
    public var id: String
    /// The roles held.
    public var roles: Set<String>
    /// The organisation the actor is bound to, if any.
    public var organisation: String?
    /// The actor's declared conflicts of interest, by organisation.
    public var conflicts: [String: [ConflictPeriod]]
    /// The actor's recorded competences to assess.
    public var competences: [CompetencePeriod]

    /// Creates a record.
    public init(
        id: String, roles: Set<String>, organisation: String?, conflicts: [String: [ConflictPeriod]] = [:],
        competences: [CompetencePeriod] = []
    ) {
        self.id = id
        self.roles = roles
        self.organisation = organisation
        self.conflicts = conflicts
        self.competences = competences
    }
}

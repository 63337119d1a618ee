import AccreditEngine
import Statecharts

/// A declared conflict of interest.
public struct ConflictDeclaration: Hashable, Sendable {
    /// The conflicted actor.
    public var actor: String
    /// The organisation.
    public var organisation: String
    /// The first day the conflict applies.
    public var from: Instant
    /// The last day, or nil when it continues.
    public var until: Instant?
    /// Why.
    public var reason: String
    /// When it was recorded, by the store's clock (filled in by the store when read).
    public var declaredAt: Instant?
    /// The case it was declared in, for one made inside a case (filled in by the store when read).
    public var declaredIn: String?

    /// Creates a declaration.
    public init(
        actor: String, organisation: String, from: Instant, until: Instant?, reason: String, declaredAt: Instant? = nil,
        declaredIn: String? = nil
    ) {
        self.declaredIn = declaredIn
        self.actor = actor
        self.organisation = organisation
        self.from = from
        self.until = until
        self.reason = reason
        self.declaredAt = declaredAt
    }
}

extension ConflictDeclaration {
    /// The declaration as the access rules read it (``CaseAccess``).
    public var period: ConflictPeriod {
        ConflictPeriod(from: from, until: until, reason: reason, declaredAt: declaredIn == nil ? nil : declaredAt)
    }
}

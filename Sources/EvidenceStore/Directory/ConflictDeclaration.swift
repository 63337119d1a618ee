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

    /// Creates a declaration.
    public init(actor: String, organisation: String, from: Instant, until: Instant?, reason: String) {
        self.actor = actor
        self.organisation = organisation
        self.from = from
        self.until = until
        self.reason = reason
    }
}

extension ConflictDeclaration {
    /// The declaration as the access rules read it (``CaseAccess``).
    public var period: ConflictPeriod { ConflictPeriod(from: from, until: until, reason: reason) }
}

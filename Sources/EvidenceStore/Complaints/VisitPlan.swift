import Statecharts

/// A visit planned during an award, unannounced or for cause: kept from the organisation until it is held, when its
/// event seals the plan into the case's log.
public struct VisitPlan: Hashable, Sendable {
    /// The kinds of planned visit.
    public enum Kind: String, CaseIterable, Sendable {
        /// A visit the organisation is not told of in advance.
        case unannounced
        /// A visit after complaints (also unannounced), naming them.
        case forCause = "for-cause"
    }

    /// The reference, `V-` and a number.
    public var reference: String
    /// The case visited.
    public var caseID: String
    /// The kind of visit.
    public var kind: Kind
    /// The first day the visit may fall on.
    public var notBefore: Instant
    /// The last day the visit may fall on.
    public var notAfter: Instant
    /// The complaints a for-cause visit follows (references); empty for an unannounced one.
    public var complaints: [String]
    /// The assessors who are to make it (those not on the case's team join it when the visit is held).
    public var visitors: [String]
    /// Who planned it.
    public var plannedBy: String
    /// When, by the store's clock (filled in by the store).
    public var plannedAt: Instant?
    /// A note for the team (never shown to the organisation).
    public var note: String?
    /// What became of it: `held` (with the event's seq) or `cancelled` (with the reason).
    public var outcome: ComplaintStep?
    /// The seq of the event that recorded the visit as held.
    public var heldSeq: Int64?

    /// Creates a plan.
    public init(
        reference: String = "", caseID: String, kind: Kind, notBefore: Instant, notAfter: Instant,
        complaints: [String], visitors: [String] = [], plannedBy: String, plannedAt: Instant? = nil,
        note: String? = nil,
        outcome: ComplaintStep? = nil, heldSeq: Int64? = nil
    ) {
        self.reference = reference
        self.caseID = caseID
        self.kind = kind
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.complaints = complaints
        self.visitors = visitors
        self.plannedBy = plannedBy
        self.plannedAt = plannedAt
        self.note = note
        self.outcome = outcome
        self.heldSeq = heldSeq
    }

    /// Where the plan is: `planned`, `held` or `cancelled`.
    public var status: String { outcome?.decision ?? "planned" }

    /// The number inside a reference (`V-3` is 3), or nil for anything else.
    public static func number(of reference: String) -> Int64? { StoreReference.number(of: reference, prefix: "V-") }
}

import Statecharts

/// A visit made during an award that the organisation was not told of in advance (unannounced, or for cause after
/// complaints), as the case records it once it is held: the plan it carried out (who planned it and when, and for a
/// for-cause visit the complaints with their triage summaries) and what the team reported.
public struct CaseVisit: Hashable, Sendable {
    /// A complaint a for-cause visit follows: its reference and the secretariat's summary (never the complainant's
    /// words or identity, which stay in the erasable intake).
    public struct Complaint: Hashable, Sendable {
        /// The complaint's reference, such as `CMP-4`.
        public var reference: String
        /// The secretariat's summary of it.
        public var summary: String

        /// Creates a complaint reference.
        public init(reference: String, summary: String) {
            self.reference = reference
            self.summary = summary
        }
    }

    /// The plan's reference, such as `V-3`.
    public var id: String
    /// `unannounced` or `for-cause`.
    public var kind: String
    /// Who planned it.
    public var plannedBy: String
    /// When it was planned.
    public var plannedAt: Instant
    /// The complaints a for-cause visit follows.
    public var complaints: [Complaint]
    /// The assessors who made the visit: the plan's, assigned to the case's team by the held event if they were not
    /// on it (so that an assignment made for the visit does not warn the organisation before it).
    public var visitors: [String]
    /// What the team reported (findings are raised as findings).
    public var report: String
    /// Who recorded it as held.
    public var heldBy: String
    /// When it was recorded as held.
    public var heldAt: Instant

    /// Creates a visit.
    public init(
        id: String, kind: String, plannedBy: String, plannedAt: Instant, complaints: [Complaint],
        visitors: [String] = [], report: String, heldBy: String, heldAt: Instant
    ) {
        self.id = id
        self.kind = kind
        self.plannedBy = plannedBy
        self.plannedAt = plannedAt
        self.complaints = complaints
        self.visitors = visitors
        self.report = report
        self.heldBy = heldBy
        self.heldAt = heldAt
    }

    /// The kinds of visit the case rules accept.
    public static let kinds = ["unannounced", "for-cause"]
    /// The most complaints one visit follows.
    public static let maximumComplaints = 32
    /// The most assessors one plan names.
    public static let maximumVisitors = 9
}

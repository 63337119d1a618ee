import Statecharts

/// The outcome an award rule recommends.
public enum AwardOutcome: String, Hashable, Sendable, CaseIterable {
    /// Every requirement is met.
    case accredited
    /// Accredited, with conditions to close within a follow-up period.
    case accreditedWithConditions = "accredited-with-conditions"
    /// Not accredited.
    case notAccredited = "not-accredited"
    /// The assessment is not complete enough to decide (for example, criteria are unrated).
    case incomplete
}

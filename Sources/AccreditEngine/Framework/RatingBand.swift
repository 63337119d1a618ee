import Statecharts

/// How a rating counts for the award rules: below the met level it is partially met, at the lowest score not met.
public enum RatingBand: String, Hashable, Sendable {
    /// Rated at the lowest score of the scale.
    case notMet = "not-met"
    /// Above the lowest score and below the met level.
    case partiallyMet = "partially-met"
    /// At or above the met level.
    case met
}

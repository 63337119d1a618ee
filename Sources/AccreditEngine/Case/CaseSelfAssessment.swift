import Statecharts

/// The organisation's own assessment of one criterion before it submits (`self-assess`): the rating it gives itself on
/// the framework's scale and a narrative of how it meets the criterion, for assessors to read beside their own.
public struct CaseSelfAssessment: Hashable, Sendable {
    /// The criterion assessed, such as `SL-1.1`.
    public var criterion: String
    /// The rating level id the organisation gives itself, such as `met`.
    public var rating: String
    /// How the organisation meets the criterion, in its own words (1 to ``narrativeLimit`` characters).
    public var narrative: String
    /// Who recorded it.
    public var by: String
    /// When it was recorded (the event's time).
    public var at: Instant

    /// The longest narrative, in Unicode scalars.
    public static let narrativeLimit = 4000

    /// Creates a self-assessment.
    public init(criterion: String, rating: String, narrative: String, by: String, at: Instant) {
        self.criterion = criterion
        self.rating = rating
        self.narrative = narrative
        self.by = by
        self.at = at
    }
}

import Statecharts

/// Coverage and score of one foundation in an assessment.
public struct FoundationResult: Hashable, Sendable {
    /// The foundation's code, such as `SL`.
    public var id: String
    /// How many criteria the foundation has.
    public var criteria: Int
    /// How many of them have at least one piece of evidence.
    public var criteriaWithEvidence: Int
    /// The mandatory criteria that have no evidence, in document order.
    public var mandatoryWithoutEvidence: [String]
    /// How many criteria are rated.
    public var rated: Int
    /// The sum of the scores of the rated criteria.
    public var score: Int
    /// The highest possible sum for the rated criteria (rated × the scale's maximum score).
    public var maximumScore: Int

    /// Creates a result.
    public init(
        id: String, criteria: Int, criteriaWithEvidence: Int, mandatoryWithoutEvidence: [String], rated: Int,
        score: Int, maximumScore: Int
    ) {
        self.id = id
        self.criteria = criteria
        self.criteriaWithEvidence = criteriaWithEvidence
        self.mandatoryWithoutEvidence = mandatoryWithoutEvidence
        self.rated = rated
        self.score = score
        self.maximumScore = maximumScore
    }

    /// How many criteria are not rated yet.
    public var unrated: Int { criteria - rated }

    /// Evidence coverage as a fraction in 0...1 (1 for a foundation without criteria).
    public var coverage: Double {
        criteria == 0 ? 1 : Double(criteriaWithEvidence) / Double(criteria)
    }

    /// Score as a percentage of the maximum for the rated criteria; 0 when nothing is rated.
    public var scorePercent: Double {
        maximumScore == 0 ? 0 : Double(score) * 100 / Double(maximumScore)
    }
}

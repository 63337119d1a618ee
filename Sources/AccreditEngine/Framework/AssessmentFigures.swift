import Statecharts

/// The figures award rules are evaluated over; each is also an expression variable (see ``variables``).
public struct AssessmentFigures: Hashable, Sendable {
    /// How many criteria the framework has, less those found not applicable (`criteria`).
    public var criteria: Int
    /// How many criteria were found not applicable to the case's scope (`notApplicable`), left out of every other
    /// figure.
    public var notApplicable: Int = 0
    /// How many are rated (`rated`).
    public var rated: Int
    /// Mandatory criteria rated at the scale's lowest score (`mandatoryNotMet`).
    public var mandatoryNotMet: Int
    /// Mandatory criteria rated above the lowest score but below the met level (`mandatoryPartiallyMet`).
    public var mandatoryPartiallyMet: Int
    /// Criteria, mandatory or not, rated at the scale's lowest score (`notMet`).
    public var notMet: Int = 0
    /// Criteria, mandatory or not, rated above the lowest score but below the met level (`partiallyMet`).
    public var partiallyMet: Int = 0
    /// Mandatory criteria without a rating (`mandatoryUnrated`).
    public var mandatoryUnrated: Int
    /// Criteria without any evidence (`criteriaWithoutEvidence`).
    public var criteriaWithoutEvidence: Int
    /// Mandatory criteria without any evidence (`mandatoryWithoutEvidence`).
    public var mandatoryWithoutEvidence: Int
    /// The sum of the scores of the rated criteria (`score`).
    public var score: Int
    /// The highest possible sum for the rated criteria (`maximumScore`).
    public var maximumScore: Int
    /// How many criteria are rated at each level id (read with `countRated('met')`).
    public var ratedByLevel: [String: Int]

    /// Creates figures.
    public init(
        criteria: Int, rated: Int, mandatoryNotMet: Int, mandatoryPartiallyMet: Int, mandatoryUnrated: Int,
        criteriaWithoutEvidence: Int, mandatoryWithoutEvidence: Int, score: Int, maximumScore: Int,
        ratedByLevel: [String: Int]
    ) {
        self.criteria = criteria
        self.rated = rated
        self.mandatoryNotMet = mandatoryNotMet
        self.mandatoryPartiallyMet = mandatoryPartiallyMet
        self.mandatoryUnrated = mandatoryUnrated
        self.criteriaWithoutEvidence = criteriaWithoutEvidence
        self.mandatoryWithoutEvidence = mandatoryWithoutEvidence
        self.score = score
        self.maximumScore = maximumScore
        self.ratedByLevel = ratedByLevel
    }

    /// Criteria without a rating (`unrated`).
    public var unrated: Int { criteria - rated }

    /// Score as a percentage of the maximum for the rated criteria, 0 when nothing is rated (`scorePercent`).
    public var scorePercent: Double {
        maximumScore == 0 ? 0 : Double(score) * 100 / Double(maximumScore)
    }

    /// The names award rule conditions may read, in the order documented in docs/frameworks.md.
    public static let variableNames: [String] = [
        "criteria", "notApplicable", "rated", "unrated", "notMet", "partiallyMet", "mandatoryNotMet",
        "mandatoryPartiallyMet",
        "mandatoryUnrated",
        "criteriaWithoutEvidence", "mandatoryWithoutEvidence", "score", "maximumScore", "scorePercent",
    ]

    /// Every variable with its value, keyed by the names in ``variableNames``.
    public var variables: [String: Value] {
        [
            "criteria": .integer(Int64(criteria)), "notApplicable": .integer(Int64(notApplicable)),
            "rated": .integer(Int64(rated)),
            "unrated": .integer(Int64(unrated)), "notMet": .integer(Int64(notMet)),
            "partiallyMet": .integer(Int64(partiallyMet)), "mandatoryNotMet": .integer(Int64(mandatoryNotMet)),
            "mandatoryPartiallyMet": .integer(Int64(mandatoryPartiallyMet)),
            "mandatoryUnrated": .integer(Int64(mandatoryUnrated)),
            "criteriaWithoutEvidence": .integer(Int64(criteriaWithoutEvidence)),
            "mandatoryWithoutEvidence": .integer(Int64(mandatoryWithoutEvidence)),
            "score": .integer(Int64(score)), "maximumScore": .integer(Int64(maximumScore)),
            "scorePercent": .decimal(scorePercent),
        ]
    }
}

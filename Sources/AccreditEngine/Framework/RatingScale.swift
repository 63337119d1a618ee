import Statecharts

/// The ordinal scale criteria are rated on, such as not met 1, partially met 2, met 3, exceeded 4.
public struct RatingScale: Hashable, Sendable {
    /// The levels in document order (lowest first by convention).
    public var levels: [RatingLevel]
    /// The id of the lowest level that counts as meeting a criterion, such as `met`.
    public var metLevelID: String

    /// Creates a scale.
    public init(levels: [RatingLevel], metLevelID: String) {
        self.levels = levels
        self.metLevelID = metLevelID
    }

    /// The level with this id, or nil.
    public func level(_ id: String) -> RatingLevel? {
        levels.first { $0.id == id }
    }

    /// The lowest score on the scale (0 for an empty scale).
    public var minimumScore: Int { levels.map(\.score).min() ?? 0 }

    /// The highest score on the scale (0 for an empty scale).
    public var maximumScore: Int { levels.map(\.score).max() ?? 0 }

    /// The score at or above which a criterion is met; the maximum score when `metLevelID` names no level.
    public var metScore: Int { level(metLevelID)?.score ?? maximumScore }

    /// How a level counts for the award rules.
    public func band(of level: RatingLevel) -> RatingBand {
        if level.score >= metScore { return .met }
        if level.score <= minimumScore { return .notMet }
        return .partiallyMet
    }
}

import Statecharts

/// One level of a rating scale: an id used in ratings, a label for people and an ordinal score.
public struct RatingLevel: Hashable, Sendable {
    /// The id used in ratings, such as `partially-met`.
    public var id: String
    /// The label shown to people, such as "Partially met".
    public var label: String
    /// The ordinal score; higher is better.
    public var score: Int

    /// Creates a level.
    public init(id: String, label: String, score: Int) {
        self.id = id
        self.label = label
        self.score = score
    }
}

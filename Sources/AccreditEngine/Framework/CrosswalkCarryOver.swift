import Statecharts

/// What a crosswalk carried from a case on the old version to the new one, and what it could not carry.
public struct CrosswalkCarryOver: Hashable, Sendable {
    /// The ratings on the new version, keyed by new criterion id.
    public var ratings: [String: String]
    /// The evidence references on the new version, keyed by new criterion id, without duplicates.
    public var evidence: [String: [String]]
    /// Everything that could not be carried, in crosswalk order.
    public var notCarried: [CrosswalkIssue]

    /// Creates a result.
    public init(ratings: [String: String], evidence: [String: [String]], notCarried: [CrosswalkIssue]) {
        self.ratings = ratings
        self.evidence = evidence
        self.notCarried = notCarried
    }
}

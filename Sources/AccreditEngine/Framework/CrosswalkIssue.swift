import Statecharts

/// One thing a crosswalk could not carry over, and why.
public struct CrosswalkIssue: Hashable, Sendable, CustomStringConvertible {
    /// Why something was not carried.
    public enum Reason: String, Hashable, Sendable {
        /// The old criterion is retired: its rating and evidence stay with the old version.
        case retired
        /// The crosswalk does not mention the old criterion.
        case unmapped
        /// The criterion was split, so each part must be rated again.
        case splitNeedsRating = "split-needs-rating"
        /// The merged criteria had different ratings, so the merged one must be rated again.
        case mergeConflict = "merge-conflict"
        /// The rating level does not exist on the new version's scale.
        case unknownRatingLevel = "unknown-rating-level"
        /// The new criterion is new: it needs evidence and a rating.
        case newCriterion = "new-criterion"
    }

    /// Why.
    public var reason: Reason
    /// The old criterion ids concerned (empty for a new criterion).
    public var from: [String]
    /// The new criterion ids concerned (empty for a retired or unmapped one).
    public var to: [String]

    /// Creates an issue.
    public init(reason: Reason, from: [String], to: [String]) {
        self.reason = reason
        self.from = from
        self.to = to
    }

    /// "split-needs-rating: PP-2.1 -> PP-2.1, PP-2.3".
    public var description: String {
        "\(reason.rawValue): \(from.joined(separator: ", ")) -> \(to.joined(separator: ", "))"
    }
}

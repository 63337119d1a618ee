/// What a case's log says beyond the statechart: ratings, evidence and who took part, folded from events.
public struct CaseRecord: Hashable, Sendable {
    /// One evidence item as the log knows it.
    public struct EvidenceItem: Hashable, Sendable {
        /// The criterion it supports.
        public var criterion: String
        /// `submitted`, `accepted`, `rejected` or `superseded`.
        public var status: String
        /// Who uploaded it.
        public var uploadedBy: String
    }

    /// Rating level id by criterion id.
    public var ratings: [String: String] = [:]
    /// Evidence items by evidence id.
    public var evidence: [String: EvidenceItem] = [:]
    /// For each actor, how they took part: `uploaded`, `rated`, `reviewed`.
    public var involvement: [String: Set<String>] = [:]
    /// The number of accepted events (the case version).
    public var version: Int64 = 0

    /// Creates an empty record.
    public init() {}

    /// Submitted-or-accepted evidence counts per criterion.
    public var submittedCounts: [String: Int] {
        evidence.values.filter { $0.status == "submitted" || $0.status == "accepted" }
            .reduce(into: [:]) { counts, item in counts[item.criterion, default: 0] += 1 }
    }

    /// Accepted evidence counts per criterion.
    public var acceptedCounts: [String: Int] {
        evidence.values.filter { $0.status == "accepted" }
            .reduce(into: [:]) { counts, item in counts[item.criterion, default: 0] += 1 }
    }
}

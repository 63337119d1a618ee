import AccreditEngine
import EvidenceStore
import Statecharts

/// Which events no checkpoint covers yet: those after the checkpoint an audit was compared with.
public struct CheckpointCoverage: Hashable, Sendable {
    /// The checkpoint compared with (its sequence, 0 for an unchained file), or nil when there is none.
    public var sequence: Int64?
    /// When that checkpoint was taken.
    public var createdAt: Instant?
    /// The uncovered runs of events, by case.
    public var uncovered: [UncoveredEvents]

    /// Creates a coverage statement.
    public init(sequence: Int64?, createdAt: Instant?, uncovered: [UncoveredEvents]) {
        self.sequence = sequence
        self.createdAt = createdAt
        self.uncovered = uncovered
    }

    /// How many events are uncovered.
    public var events: Int64 { uncovered.reduce(0) { $0 + $1.count } }

    /// How many cases have uncovered events.
    public var cases: Int { uncovered.count }
}

/// What ``CaseDesk/verifyStore(_:since:trusted:)`` found: the audit's report and what no checkpoint covers.
public struct StoreVerification: Sendable {
    /// Every finding and the counts.
    public var report: AuditReport
    /// The events after the newest checkpoint compared with.
    public var coverage: CheckpointCoverage
}

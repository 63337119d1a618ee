import Statecharts

/// A finding an assessor raised against a criterion: its grade, statement, the evidence it rests on, and where its
/// corrective action stands.
public struct CaseFinding: Hashable, Sendable {
    /// Where a finding's corrective action stands.
    public enum Status: String, Hashable, Sendable, CaseIterable {
        /// Awaiting the organisation's corrective action (raised, or reopened after a response).
        case open
        /// The organisation responded; awaiting an assessor's verification.
        case responded
        /// An assessor verified the corrective action.
        case closed
        /// An observation: recorded, with no corrective action asked for.
        case noted

        /// Whether the finding still counts against the organisation (``open`` or ``responded``).
        public var isOutstanding: Bool { self == .open || self == .responded }
    }

    /// The finding's id in the case, such as `F-1`.
    public var id: String
    /// The criterion it is raised against.
    public var criterion: String
    /// The framework's severity id, such as `major`.
    public var severity: String
    /// What the assessor found.
    public var statement: String
    /// The evidence items it rests on.
    public var evidence: [String]
    /// Who raised it.
    public var raisedBy: String
    /// When it was raised.
    public var raisedAt: Instant
    /// When the corrective action is due (nil for an observation); a reopened finding gets a new date.
    public var due: Instant?
    /// Where its corrective action stands.
    public var status: Status
    /// How many times the organisation responded.
    public var responses: Int
    /// The organisation's latest response, if any.
    public var response: String?
    /// The evidence items the latest response names.
    public var responseEvidence: [String]

    /// Creates a finding.
    public init(
        id: String, criterion: String, severity: String, statement: String, evidence: [String], raisedBy: String,
        raisedAt: Instant, due: Instant?, status: Status, responses: Int = 0, response: String? = nil,
        responseEvidence: [String] = []
    ) {
        self.response = response
        self.responseEvidence = responseEvidence
        self.id = id
        self.criterion = criterion
        self.severity = severity
        self.statement = statement
        self.evidence = evidence
        self.raisedBy = raisedBy
        self.raisedAt = raisedAt
        self.due = due
        self.status = status
        self.responses = responses
    }

    /// Whether the finding is late at `time`: it is outstanding (its corrective action not yet made, or made and not
    /// yet verified) and its date has come. An answer alone does not stop the clock: the severities ask for the
    /// correction to be made *and verified* by the date.
    public func isOverdue(at time: Instant) -> Bool {
        guard status.isOutstanding, let due else { return false }
        return due <= time
    }
}

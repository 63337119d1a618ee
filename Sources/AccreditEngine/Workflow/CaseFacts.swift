import Statecharts

/// What a case knows when a guard runs: its framework, ratings, evidence, award expiry and the event's time.
///
/// A pure value, and the host functions of the workflow's guards (``CaseHostFunctions``): the case machine builds it
/// from the case's state when a guard asks, and hands it to the interpreter with the event.
public struct CaseFacts: Hashable, Sendable, HostFunctions {
    /// The framework version the case is pinned to.
    public var framework: Framework
    /// The rating level id given to each rated criterion, keyed by criterion id.
    public var ratings: [String: String]
    /// How many pieces of evidence were submitted per criterion (accepted ones included); absent means 0.
    public var submittedEvidence: [String: Int]
    /// How many pieces of evidence assessors accepted per criterion; absent means 0.
    public var acceptedEvidence: [String: Int]
    /// How many of each criterion's expected evidence items have submitted (or accepted) evidence; absent means 0.
    /// The initializer counts each piece of evidence as one item.
    public var submittedCoverage: [String: Int]
    /// How many of each criterion's expected evidence items have accepted evidence; absent means 0.
    public var acceptedCoverage: [String: Int]
    /// The rating level id the organisation gave itself for each criterion it self-assessed.
    public var selfRatings: [String: String] = [:]
    /// The case's findings by id.
    public var findings: [String: CaseFinding]
    /// Findings still open or awaiting verification, per severity id; absent means 0.
    public var outstandingFindings: [String: Int]
    /// The case's team by actor id.
    public var team: [String: CaseTeamMember]
    /// The appeal being heard, if any.
    public var openAppeal: CaseAppeal?
    /// When the current award expires, if the case holds one.
    public var awardExpiry: Instant?
    /// The time of the event being checked (from its envelope, never a clock).
    public var now: Instant
    /// The case's scope, once declared.
    public var scope: CaseScope?
    /// The scope change awaiting a decision, if any.
    public var scopeChange: CaseScopeChange?
    /// Proposals that criteria are not applicable, by criterion id.
    public var applicability: [String: CaseApplicability] = [:]
    /// The assessment cycle (1 for the first application, one more for each renewal).
    public var cycle = 1
    /// While a renewal is under way, when the award it renews expires (or expired): what its term counts from.
    public var renewedAwardExpiry: Instant?
    /// The earliest pending deadline of each event the workflow's timers will deliver, by event name.
    public var deadlines: [String: Instant] = [:]

    /// Creates the facts of a case.
    /// - Parameters:
    ///   - framework: The framework version the case is pinned to.
    ///   - ratings: Rating level ids by criterion id.
    ///   - submittedEvidence: Submitted evidence counts by criterion id.
    ///   - acceptedEvidence: Accepted evidence counts by criterion id.
    ///   - findings: The case's findings by id.
    ///   - outstandingFindings: Outstanding findings per severity id.
    ///   - team: The case's team by actor id.
    ///   - openAppeal: The appeal being heard, if any.
    ///   - awardExpiry: When the award expires, if any.
    ///   - now: The event's time.
    public init(
        framework: Framework, ratings: [String: String] = [:], submittedEvidence: [String: Int] = [:],
        acceptedEvidence: [String: Int] = [:], findings: [String: CaseFinding] = [:],
        outstandingFindings: [String: Int] = [:], team: [String: CaseTeamMember] = [:], openAppeal: CaseAppeal? = nil,
        awardExpiry: Instant? = nil, now: Instant
    ) {
        self.team = team
        self.openAppeal = openAppeal
        self.findings = findings
        self.outstandingFindings = outstandingFindings
        self.framework = framework
        self.ratings = ratings
        self.submittedEvidence = submittedEvidence
        self.acceptedEvidence = acceptedEvidence
        self.submittedCoverage = submittedEvidence
        self.acceptedCoverage = acceptedEvidence
        self.awardExpiry = awardExpiry
        self.now = now
    }
}

extension CaseFacts {
    /// The facts of a case's record at `time`.
    public init(record: CaseRecord, framework: Framework, awardExpiry: Instant?, now time: Instant) {
        self.init(
            framework: framework, ratings: record.ratings, submittedEvidence: record.submittedCounts,
            acceptedEvidence: record.acceptedCounts, findings: record.findings,
            outstandingFindings: record.outstandingFindings, team: record.team, openAppeal: record.openAppeal,
            awardExpiry: awardExpiry, now: time)
        submittedCoverage = record.submittedCoverage
        acceptedCoverage = record.acceptedCoverage
        selfRatings = record.selfAssessments.mapValues(\.rating)
        scope = record.scope
        scopeChange = record.scopeChange
        applicability = record.applicability
        cycle = record.cycle
        renewedAwardExpiry = record.renewedAward?.expiresAt
    }

    /// The criteria left out of the assessment of `scope` (the case's, by default).
    public func notApplicable(scope given: CaseScope? = nil) -> Set<String> {
        CaseRecord.notApplicable(applicability, scope: given ?? scope, framework: framework)
    }

    /// Answers a guard's function call from these facts (see ``CaseHostFunctions``).
    public func call(_ name: String, _ arguments: [Value]) throws(ExpressionError) -> Value {
        try CaseHostFunctions.call(name, arguments, facts: self)
    }
}

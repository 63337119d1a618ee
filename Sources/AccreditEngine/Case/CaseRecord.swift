import Statecharts

/// What a case's log says beyond the statechart: ratings, evidence, findings and who took part, folded from events.
public struct CaseRecord: Hashable, Sendable {
    /// One evidence item as the log knows it.
    public struct EvidenceItem: Hashable, Sendable {
        /// The criterion it supports.
        public var criterion: String
        /// `submitted`, `accepted`, `rejected` or `superseded`.
        public var status: String
        /// Who uploaded it.
        public var uploadedBy: String
        /// The assessment cycle it belongs to: the one it was uploaded, or reused, in.
        public var cycle: Int
        /// The item of an earlier cycle it reuses (the same file, where the framework allows), if any.
        public var reusedFrom: String?
        /// Whether it reuses an earlier cycle's item.
        public var reused: Bool { reusedFrom != nil }
        /// Which of the criterion's expected evidence items it is for (1-based, in the framework's order), or nil
        /// when the upload named none (a framework that covers by criterion).
        public var item: Int?

        /// Creates an item.
        public init(
            criterion: String, status: String, uploadedBy: String, cycle: Int = 1, reusedFrom: String? = nil,
            item: Int? = nil
        ) {
            self.item = item
            self.criterion = criterion
            self.status = status
            self.uploadedBy = uploadedBy
            self.cycle = cycle
            self.reusedFrom = reusedFrom
        }
    }

    /// The assessment cycle: 1 for the first application, one more for each renewal (``TransitionAction/renew``).
    /// Ratings, evidence counts and proposals that criteria are not applicable are the current cycle's.
    public private(set) var cycle = 1
    /// The highest cycle number begun (cycles are never numbered twice: after a renewal withdrawn, ``cycle`` is the
    /// award's again, and the next renewal is numbered after the withdrawn one).
    public private(set) var lastCycle = 1
    /// When the current cycle began (nil for the first cycle, which began with the case).
    public private(set) var cycleStartedAt: Instant?
    /// Who began the current cycle (nil for the first).
    public private(set) var cycleStartedBy: String?
    /// The running award's terms while it is renewed (set by ``beginCycle(at:by:)``): what a renewal withdrawn or
    /// refused gives back to the award, and the expiry a renewal's term counts from. Nil outside a renewal.
    public internal(set) var renewedAward: AwardTerms?

    /// What an award stands on, kept while it is renewed: its ratings, the proposals that criteria are not
    /// applicable, its scope, and when it expires.
    public struct AwardTerms: Hashable, Sendable {
        /// The ratings the award was decided on.
        public var ratings: [String: String]
        /// The organisation's self-assessments of the award's cycle, by criterion.
        public var selfAssessments: [String: CaseSelfAssessment] = [:]
        /// The proposals that criteria are not applicable, by criterion.
        public var applicability: [String: CaseApplicability]
        /// The award's scope.
        public var scope: CaseScope?
        /// When the award expires (the award timer's due time when the renewal began).
        public var expiresAt: Instant?
        /// The assessment cycle the award was decided in.
        public var cycle: Int
        /// When the award's cycle began (nil for the first).
        public var cycleStartedAt: Instant?
        /// Who began the award's cycle (nil for the first).
        public var cycleStartedBy: String?

        /// Creates the terms.
        public init(
            ratings: [String: String], applicability: [String: CaseApplicability], scope: CaseScope?,
            expiresAt: Instant?, cycle: Int = 1, cycleStartedAt: Instant? = nil, cycleStartedBy: String? = nil
        ) {
            self.cycle = cycle
            self.cycleStartedAt = cycleStartedAt
            self.cycleStartedBy = cycleStartedBy
            self.ratings = ratings
            self.applicability = applicability
            self.scope = scope
            self.expiresAt = expiresAt
        }
    }
    /// Rating level id by criterion id, in the current cycle.
    public var ratings: [String: String] = [:]
    /// The organisation's self-assessments by criterion id, in the current cycle.
    public var selfAssessments: [String: CaseSelfAssessment] = [:]
    /// Evidence items by evidence id; changed through ``setEvidence(_:_:)``, which keeps the counts in step.
    public private(set) var evidence: [String: EvidenceItem] = [:]
    /// For each actor, how they took part: `uploaded`, `rated`, `reviewed`.
    public var involvement: [String: Set<String>] = [:]
    /// The number of accepted events (the case version).
    public var version: Int64 = 0
    /// Submitted-or-accepted evidence counts per criterion, in the current cycle (criteria with none are absent).
    public private(set) var submittedCounts: [String: Int] = [:]
    /// Accepted evidence counts per criterion, in the current cycle (criteria with none are absent).
    public private(set) var acceptedCounts: [String: Int] = [:]
    /// How many of each criterion's expected evidence items have submitted-or-accepted evidence, in the current
    /// cycle (an item named by none counts as one: see ``EvidenceItem/item``; criteria with none are absent).
    public private(set) var submittedCoverage: [String: Int] = [:]
    /// How many of each criterion's expected evidence items have accepted evidence, in the current cycle.
    public private(set) var acceptedCoverage: [String: Int] = [:]
    /// Submitted-or-accepted and accepted evidence per expected item, in the current cycle, behind the coverage.
    private var submittedSlots: [Slot: Int] = [:]
    private var acceptedSlots: [Slot: Int] = [:]

    /// One expected evidence item of a criterion (item 0: evidence that named no item).
    private struct Slot: Hashable {
        let criterion: String
        let item: Int
    }
    /// Findings by id; changed through ``setFinding(_:)``, which keeps ``outstandingFindings`` in step.
    public private(set) var findings: [String: CaseFinding] = [:]
    /// Findings still open or awaiting verification, per severity id (severities with none are absent).
    public private(set) var outstandingFindings: [String: Int] = [:]

    /// The people assigned to evaluate the case, by actor id.
    public var team: [String: CaseTeamMember] = [:]
    /// Everyone who decided the case or was ever assigned to its team (with ``involvement``, who may not hear its
    /// appeals).
    public var participants: Set<String> = []
    /// The case's appeals by id (`A-1`, …).
    public var appeals: [String: CaseAppeal] = [:]
    /// The visits held that the organisation was not told of in advance, by plan reference (`V-3`, …).
    public var visits: [String: CaseVisit] = [:]

    /// What the case assesses, once declared.
    public var scope: CaseScope?
    /// A change to the scope asked for and not yet decided.
    public var scopeChange: CaseScopeChange?
    /// Proposals that criteria are not applicable, by criterion id.
    public var applicability: [String: CaseApplicability] = [:]

    /// The criteria left out of the assessment: proposals accepted that still hold for the case's scope.
    public func notApplicable(in framework: Framework) -> Set<String> {
        Self.notApplicable(applicability, scope: scope, framework: framework)
    }

    /// The criteria `applicability` leaves out of `scope` (none without one). An acceptance holds while the
    /// framework lets the scope's kinds of service leave the criterion out, and: for a criterion left out with a
    /// justification, only for exactly the services it was accepted for; for one that applies to kinds the scope
    /// lacks, for any scope that took effect since (so not for a change that was refused or lapsed).
    public static func notApplicable(
        _ applicability: [String: CaseApplicability], scope: CaseScope?, framework: Framework
    ) -> Set<String> {
        guard !applicability.isEmpty, let scope else { return [] }
        let codes = scope.codes
        let kinds = scope.kinds
        var excluded: Set<String> = []
        for (id, proposal) in applicability where proposal.status == .accepted {
            guard let criterion = framework.criterion(id), criterion.mayBeNotApplicable(toKinds: kinds) else {
                continue
            }
            let holds =
                proposal.forServices == codes
                || (!criterion.appliesTo.isEmpty && scope.history.contains(proposal.forServices))
            if holds { excluded.insert(id) }
        }
        return excluded
    }

    /// The scope a pending change would give the case (nil without one), for what it would leave out.
    public var scopeAfterChange: CaseScope? { scopeChange?.scope(after: scope) }

    /// The codes (sorted) of the services a proposal made now concerns: those of the change being assessed, or else
    /// the case's (empty without a scope).
    public var codesUnderReview: [String] { scopeChange?.codes ?? scope?.codes ?? [] }

    /// How many proposals for the scope under review await an assessor's review.
    public var pendingApplicability: Int { Self.pending(applicability, for: codesUnderReview) }

    /// How many of `applicability` are proposals for the services `codes` awaiting review.
    public static func pending(_ applicability: [String: CaseApplicability], for codes: [String]) -> Int {
        applicability.values.filter { $0.status == .proposed && $0.forServices == codes }.count
    }

    /// The proposals, in the framework's order of criteria (`SL-1.2` before `SL-1.10`).
    public func applicabilityInOrder(of framework: Framework) -> [CaseApplicability] {
        framework.criteria.compactMap { applicability[$0.id] }
    }

    /// The visits held, in the order they were recorded.
    public var visitsInOrder: [CaseVisit] {
        visits.values.sorted { ($0.heldAt, $0.id.count, $0.id) < ($1.heldAt, $1.id.count, $1.id) }
    }

    /// The appeal being heard, if any (at most one is open at a time).
    public var openAppeal: CaseAppeal? { appeals.values.first(where: \.isOpen) }

    /// The appeals in the order they were lodged.
    public var appealsInOrder: [CaseAppeal] {
        appeals.values.sorted { ($0.lodgedAt, $0.id.count, $0.id) < ($1.lodgedAt, $1.id.count, $1.id) }
    }

    /// The team, lead first, then by when and whom they were assigned.
    public var teamInOrder: [CaseTeamMember] {
        team.values.sorted {
            ($0.position == .lead ? 0 : 1, $0.assignedAt, $0.person) < (
                $1.position == .lead ? 0 : 1, $1.assignedAt, $1.person
            )
        }
    }

    /// Creates an empty record.
    public init() {}

    /// Records, replaces or (with nil) removes an evidence item, and updates the counts, so guards that ask for them
    /// do not recount every item on every event.
    public mutating func setEvidence(_ id: String, _ item: EvidenceItem?) {
        if let old = evidence[id] { count(old, by: -1) }
        evidence[id] = item
        if let item { count(item, by: 1) }
    }

    /// The findings in the order they were raised (`F-2` before `F-10` when raised together).
    public var findingsInOrder: [CaseFinding] {
        findings.values.sorted { ($0.raisedAt, $0.id.count, $0.id) < ($1.raisedAt, $1.id.count, $1.id) }
    }

    /// Records or replaces a finding, and updates the outstanding counts.
    public mutating func setFinding(_ finding: CaseFinding) {
        if let old = findings[finding.id], old.status.isOutstanding {
            Self.adjust(&outstandingFindings, old.severity, by: -1)
        }
        findings[finding.id] = finding
        if finding.status.isOutstanding { Self.adjust(&outstandingFindings, finding.severity, by: 1) }
    }

    /// Begins a new assessment cycle (a renewal) at `time`, by `actor`: the ratings and the proposals that criteria
    /// are not applicable are cleared, the evidence so far belongs to earlier cycles (and so counts no more unless it
    /// is reused), and a pending change of scope lapses. Findings, the team, appeals, visits and the scope stay: they
    /// are the case's, not the cycle's.
    public mutating func beginCycle(at time: Instant, by actor: String) {
        renewedAward = AwardTerms(
            ratings: ratings, applicability: applicability, scope: scope, expiresAt: nil, cycle: cycle,
            cycleStartedAt: cycleStartedAt, cycleStartedBy: cycleStartedBy)
        renewedAward?.selfAssessments = selfAssessments
        lastCycle += 1
        cycle = lastCycle
        (cycleStartedAt, cycleStartedBy) = (time, actor)
        ratings = [:]
        selfAssessments = [:]
        applicability = [:]
        scopeChange = nil
        clearCounts()
    }

    /// Gives the running award back its terms when a renewal ends without a new award (withdrawn, or refused and no
    /// longer open to appeal): the renewal's ratings, proposals and declared scope were the renewal's, not the
    /// award's. The award's cycle is current again, with its evidence; the renewal's cycle keeps its number and its
    /// evidence (``lastCycle``).
    public mutating func restoreRenewedAward() {
        guard let terms = renewedAward else { return }
        (ratings, applicability, scope, scopeChange) = (terms.ratings, terms.applicability, terms.scope, nil)
        selfAssessments = terms.selfAssessments
        (cycle, cycleStartedAt, cycleStartedBy) = (terms.cycle, terms.cycleStartedAt, terms.cycleStartedBy)
        renewedAward = nil
        clearCounts()
        for item in evidence.values { count(item, by: 1) }
    }

    /// How far the organisation's self-assessment has gone in this cycle, counting as the workflow's
    /// `selfAssessmentMissing()` does: criteria self-assessed, of those not found not applicable.
    public func selfAssessmentProgress(in framework: Framework) -> (done: Int, total: Int) {
        let excluded = notApplicable(in: framework)
        let done = selfAssessments.keys.filter { !excluded.contains($0) }.count
        return (done, framework.criteria.count - excluded.count)
    }

    /// The item of the current cycle that reuses `id`, if any.
    public func reuse(of id: String) -> String? {
        evidence.first { $0.value.cycle == cycle && $0.value.reusedFrom == id }?.key
    }

    /// Restores a stored cycle (``beginCycle(at:by:)`` state) before the evidence is set, for snapshots.
    mutating func restoreCycle(_ number: Int, last: Int, startedAt time: Instant?, by actor: String?) {
        // (The evidence counts follow as the items are set.)
        cycle = number
        lastCycle = last
        (cycleStartedAt, cycleStartedBy) = (time, actor)
    }

    private mutating func clearCounts() {
        (submittedCounts, acceptedCounts, submittedCoverage, acceptedCoverage) = ([:], [:], [:], [:])
        (submittedSlots, acceptedSlots) = ([:], [:])
    }

    private mutating func count(_ item: EvidenceItem, by delta: Int) {
        guard item.cycle == cycle else { return }
        let slot = Slot(criterion: item.criterion, item: item.item ?? 0)
        if item.status == "submitted" || item.status == "accepted" {
            Self.adjust(&submittedCounts, item.criterion, by: delta)
            Self.adjust(&submittedSlots, slot, by: delta, covering: &submittedCoverage)
        }
        if item.status == "accepted" {
            Self.adjust(&acceptedCounts, item.criterion, by: delta)
            Self.adjust(&acceptedSlots, slot, by: delta, covering: &acceptedCoverage)
        }
    }

    /// Counts evidence for an expected item, and the criterion's coverage when the item gains its first or loses
    /// its last.
    private static func adjust(
        _ slots: inout [Slot: Int], _ slot: Slot, by delta: Int, covering coverage: inout [String: Int]
    ) {
        let before = slots[slot, default: 0]
        let after = before + delta
        slots[slot] = after == 0 ? nil : after
        if before == 0, after > 0 { adjust(&coverage, slot.criterion, by: 1) }
        if before > 0, after == 0 { adjust(&coverage, slot.criterion, by: -1) }
    }

    private static func adjust(_ counts: inout [String: Int], _ key: String, by delta: Int) {
        let total = counts[key, default: 0] + delta
        counts[key] = total == 0 ? nil : total
    }
}

import Statecharts

/// A person the secretariat assigned to evaluate a case: only assigned people may evaluate it (rate, review evidence,
/// raise and verify findings, visit, recommend) and, among the staff who evaluate, only they may read it.
public struct CaseTeamMember: Hashable, Sendable {
    /// A member's place in the team.
    public enum Position: String, Hashable, Sendable, CaseIterable {
        /// Leads the assessment; a case has at most one.
        case lead
        /// Assesses under the lead.
        case member
    }

    /// The person's actor id.
    public var person: String
    /// Lead or member.
    public var position: Position
    /// The framework foundations the person assesses in this case (codes), or nil for all of them.
    public var foundations: [String]?
    /// Who assigned them.
    public var assignedBy: String
    /// When.
    public var assignedAt: Instant

    /// Creates a member.
    public init(person: String, position: Position, foundations: [String]?, assignedBy: String, assignedAt: Instant) {
        self.person = person
        self.position = position
        self.foundations = foundations
        self.assignedBy = assignedBy
        self.assignedAt = assignedAt
    }

    /// Whether `id` is an actor id as the directory allows them, so that one that is not is refused by the case rules
    /// (`team.person`) before anything is looked up.
    public static func isValidPerson(_ id: String) -> Bool { CaseRules.isActorID(id) }

    /// Whether the member may evaluate criteria of `foundation`.
    public func covers(foundation: String) -> Bool {
        foundations?.contains(foundation) ?? true
    }
}

/// A person's recorded competence to assess a framework: the foundations they may assess and their training's
/// validity, as the assignment rules read it (``CaseAccess/assignmentRefusal(_:assigning:foundations:in:organisation:at:mode:kinds:)``).
public struct CompetencePeriod: Hashable, Sendable {
    /// The framework's id (any version).
    public var framework: String
    /// The foundation codes the person may assess; empty for every foundation.
    public var foundations: [String]
    /// When the person was trained (or last requalified).
    public var trainedOn: Instant
    /// The last day the training counts.
    public var validUntil: Instant

    /// Creates a period.
    public init(framework: String, foundations: [String], trainedOn: Instant, validUntil: Instant) {
        self.framework = framework
        self.foundations = foundations
        self.trainedOn = trainedOn
        self.validUntil = validUntil
    }

    /// Whether the record makes the person competent for `foundations` of `framework` at `time`: trained by then, and
    /// not yet lapsed (the whole of its last day counts). The same live and on replay: training dates are facts about
    /// the person, so a record made after a case's history was imported still speaks for it.
    public func covers(framework: String, foundations wanted: [String], at time: Instant) -> Bool {
        guard self.framework == framework, isValid(at: time) else { return false }
        return foundations.isEmpty || wanted.allSatisfy(foundations.contains)
    }

    /// Whether the training counts at `time`: given by then, and not past its last day (which counts whole).
    public func isValid(at time: Instant) -> Bool {
        trainedOn <= time && validUntil.microsecondsSinceEpoch + 86_400_000_000 > time.microsecondsSinceEpoch
    }
}

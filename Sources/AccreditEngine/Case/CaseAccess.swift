import Statecharts

/// The rules about people that the workflow cannot know, as pure functions of the actor's roles and declarations:
/// one home for the live path (the desk, before it decides) and for replay (the audit, for every stored event).
///
/// Every rule follows the kinds the case's workflow gives the actor's roles (``RoleKind``), never role names:
/// auditors change nothing, organisations act only on their own cases, and evaluators and deciders with a declared
/// conflict of interest (current, or ended within the last two years) may not act on the organisation's case.
public enum CaseAccess {
    /// How conflict-of-interest declarations are counted.
    public enum ConflictMode: Sendable {
        /// Deciding now: every declaration that has not ended more than two years ago bars, even one that only
        /// starts later (fail closed).
        case live
        /// Re-checking a stored event: only declarations that had started by the event's time bar it, so that a
        /// later declaration does not condemn what was allowed when it was done.
        case replay
    }

    /// How long after its end a conflict of interest still bars acting (two years, counted as 732 days).
    public static let conflictCoolingOff: Int64 = 2 * 366 * 86_400_000_000

    /// Why an actor may not change a case of `organisation` at all, if they may not: only read-only roles
    /// (`access.read-only`), or organisation roles for another organisation (`access.organisation`).
    ///
    /// - Parameters:
    ///   - actor: The actor's id, for the message.
    ///   - roles: The roles the actor holds.
    ///   - kinds: The kinds the case's workflow gives those roles.
    ///   - actorOrganisation: The organisation the actor is bound to, if any.
    ///   - organisation: The case's organisation.
    /// - Returns: The refusal, or nil when the actor may act.
    public static func standingRefusal(
        actor: String, roles: Set<String>, kinds: Set<RoleKind>, actorOrganisation: String?, organisation: String
    ) -> CaseRefusal? {
        if kinds.isSubset(of: [.auditor]) {
            return CaseRefusal(
                rule: "access.read-only",
                message: "\(actor) holds only read-only roles (\(roles.sorted().joined(separator: ", "))) "
                    + "and cannot change cases")
        }
        if kinds.contains(.organisation), !kinds.contains(.administrator), actorOrganisation != organisation {
            return CaseRefusal(
                rule: "access.organisation",
                message: "\(actor) acts for \(actorOrganisation ?? "no organisation"), not \(organisation), "
                    + "and may not act on its cases")
        }
        return nil
    }

    /// Whether declarations of conflicts of interest must be checked: for impartial kinds, and for anyone recording a
    /// visit (an administrator may record one for its visitors), except on the event that declares a conflict.
    public static func isConflictChecked(kinds: Set<RoleKind>, action: TransitionAction?) -> Bool {
        (!kinds.isDisjoint(with: RoleKind.impartial) || action == .holdVisit) && action != .declareConflict
    }

    /// Why the actor's declared conflicts of interest with `organisation` bar acting at `time`, if one does
    /// (`impartiality.conflict-of-interest`).
    ///
    /// - Parameters:
    ///   - actor: The actor's id, for the message.
    ///   - organisation: The case's organisation.
    ///   - conflicts: The actor's declarations with that organisation.
    ///   - time: When the act happens (or happened).
    ///   - mode: Whether declarations that start after `time` count.
    /// - Returns: The refusal, or nil when no declaration bars the act.
    public static func conflictRefusal(
        actor: String, organisation: String, conflicts: [ConflictPeriod], at time: Instant, mode: ConflictMode
    ) -> CaseRefusal? {
        for conflict in conflicts where conflict.bars(at: time, mode: mode) {
            return CaseRefusal(
                rule: "impartiality.conflict-of-interest",
                message: "\(actor) declared a conflict of interest with \(organisation) "
                    + "(\(conflict.reason)) within the last two years and may not assess or decide its case")
        }
        return nil
    }

    /// Whether an act needs the sender on the case's team: acts of evaluation (``TransitionAction/evaluating``), by
    /// the body's evaluators and deciders, unless they are also administrators; and any event without an action
    /// from someone who is only an evaluator (an event a workflow offers assessors without saying what it does).
    /// Whether anyone else may send the act at all is the workflow's roles' to say.
    public static func needsAssignment(kinds: Set<RoleKind>, action: TransitionAction?) -> Bool {
        guard let action else { return kinds == [.evaluator] }
        guard TransitionAction.evaluating.contains(action) else { return false }
        return !kinds.contains(.administrator) && !kinds.isDisjoint(with: [.evaluator, .decider])
    }

    /// `access.not-assigned`: why the sender may not evaluate the case, not being on its team, or nil.
    public static func teamRefusal(
        actor: String, kinds: Set<RoleKind>, action: TransitionAction?, team: [String: CaseTeamMember]
    ) -> CaseRefusal? {
        guard needsAssignment(kinds: kinds, action: action), team[actor] == nil else { return nil }
        return CaseRefusal(
            rule: "access.not-assigned",
            message: "\(actor) is not assigned to this case; only its assigned team evaluates it: ask the "
                + "secretariat to assign you")
    }

    /// Whether an actor may read a case: organisations their own only; administrators, deciders and auditors every
    /// case; evaluators only the cases they are assigned to (confidentiality, ISO/IEC 17065 4.5).
    ///
    /// - Parameters:
    ///   - kinds: The kinds of the actor's roles.
    ///   - actorOrganisation: The organisation the actor is bound to, if any.
    ///   - organisation: The case's organisation.
    ///   - assigned: Whether the actor is on the case's team; nil when the team could not be read (then an
    ///     evaluator is refused: fail closed).
    public static func mayRead(
        kinds: Set<RoleKind>, actorOrganisation: String?, organisation: String, assigned: Bool?
    ) -> Bool {
        if actorOrganisation == organisation, kinds.contains(.organisation) { return true }
        if !kinds.isDisjoint(with: [.administrator, .decider, .auditor]) { return true }
        return kinds.contains(.evaluator) && assigned == true
    }

    /// Why `assignee` may not join the case's team, or nil: they must be a registered person holding an evaluation
    /// role in the case's workflow, with no conflict of interest with the organisation (current, or ended within two
    /// years), and a competence record for the framework that covers the foundations they are to assess, valid at
    /// the time. Rules: `team.unknown-person`, `team.not-evaluator`, `team.conflict-of-interest`, `team.competence`.
    ///
    /// - Parameters:
    ///   - assignee: The person as the directory knows them (with their conflicts and competences).
    ///   - person: The id the assignment names, for messages.
    ///   - foundations: The foundations they are to assess.
    ///   - framework: The case's framework id.
    ///   - organisation: The case's organisation.
    ///   - time: When the assignment happens (or happened).
    ///   - mode: Whether conflicts declared after `time` count (live: every declaration; replay: only earlier ones).
    ///   - kinds: The kinds the case's workflow gives roles.
    public static func assignmentRefusal(
        _ assignee: StoredSender, assigning person: String, foundations: [String], in framework: String,
        organisation: String, at time: Instant, mode: ConflictMode, kinds: RoleKinds
    ) -> CaseRefusal? {
        guard case .person(let record) = assignee else {
            return CaseRefusal(
                rule: "team.unknown-person",
                message: "\(person) is not a person in the directory; add them with an evaluation role first")
        }
        let held = kinds.kinds(of: record.roles)
        if record.organisation == organisation {
            return CaseRefusal(
                rule: "team.conflict-of-interest",
                message: "\(person) is registered as acting for \(organisation) and cannot assess its case")
        }
        guard held.contains(.evaluator), !held.contains(.organisation) else {
            let evaluators = kinds.roles(withAnyOf: [.evaluator]).joined(separator: ", ")
            return CaseRefusal(
                rule: "team.not-evaluator",
                message: "\(person) (\(record.roles.sorted().joined(separator: ", "))) holds no evaluation role "
                    + "for this case" + (evaluators.isEmpty ? "" : " (\(evaluators))") + " and cannot be assigned")
        }
        for conflict in record.conflicts[organisation] ?? [] where conflict.bars(at: time, mode: mode) {
            return CaseRefusal(
                rule: "team.conflict-of-interest",
                message: "\(person) declared a conflict of interest with \(organisation) (\(conflict.reason)) "
                    + "within the last two years and cannot be assigned to its case")
        }
        // Several current records together may cover the foundations (one for SL, another for CR).
        let current = record.competences.filter { $0.framework == framework && $0.isValid(at: time) }
        let trained = Set(current.flatMap(\.foundations))
        guard
            current.contains(where: { $0.foundations.isEmpty })
                || (!current.isEmpty && Set(foundations).isSubset(of: trained))
        else {
            let scope = foundations.joined(separator: ", ")
            return CaseRefusal(
                rule: "team.competence",
                message: "\(person) has no current competence record for \(framework) covering \(scope) (trained, "
                    + "and valid on \(time.iso8601.prefix(10))); record their training first, or assign them "
                    + "only the foundations they are competent in")
        }
        return nil
    }
}

/// One declared conflict of interest of an actor with an organisation, as the access rules read it.
public struct ConflictPeriod: Hashable, Sendable {
    /// The first day the conflict applies.
    public var from: Instant
    /// The last day, or nil when it continues.
    public var until: Instant?
    /// Why, for messages.
    public var reason: String
    /// When a declaration made inside a case was recorded (its event's time); nil for one recorded in the register
    /// directly. On replay such a declaration counts from that moment, not from the start of its first day, so that
    /// it does not condemn what its author did earlier that day.
    public var declaredAt: Instant?

    /// Creates a period.
    public init(from: Instant, until: Instant?, reason: String, declaredAt: Instant? = nil) {
        self.from = from
        self.until = until
        self.reason = reason
        self.declaredAt = declaredAt
    }

    /// Whether the conflict bars acting at `time`: it has not ended more than two years before (and, on replay,
    /// it had started: see ``declaredAt``).
    public func bars(at time: Instant, mode: CaseAccess.ConflictMode) -> Bool {
        if mode == .replay {
            if max(from, declaredAt ?? from) > time { return false }
        }
        guard let until else { return true }
        return until.microsecondsSinceEpoch + CaseAccess.conflictCoolingOff >= time.microsecondsSinceEpoch
    }
}

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

    /// Whether declarations of conflicts of interest must be checked: for impartial kinds, except on the event
    /// that declares a conflict.
    public static func isConflictChecked(kinds: Set<RoleKind>, action: TransitionAction?) -> Bool {
        !kinds.isDisjoint(with: RoleKind.impartial) && action != .declareConflict
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
}

/// One declared conflict of interest of an actor with an organisation, as the access rules read it.
public struct ConflictPeriod: Hashable, Sendable {
    /// The first day the conflict applies.
    public var from: Instant
    /// The last day, or nil when it continues.
    public var until: Instant?
    /// Why, for messages.
    public var reason: String

    /// Creates a period.
    public init(from: Instant, until: Instant?, reason: String) {
        self.from = from
        self.until = until
        self.reason = reason
    }

    /// Whether the conflict bars acting at `time`: it has not ended more than two years before (and, on replay,
    /// it had started).
    public func bars(at time: Instant, mode: CaseAccess.ConflictMode) -> Bool {
        if mode == .replay, from > time { return false }
        guard let until else { return true }
        return until.microsecondsSinceEpoch + CaseAccess.conflictCoolingOff >= time.microsecondsSinceEpoch
    }
}

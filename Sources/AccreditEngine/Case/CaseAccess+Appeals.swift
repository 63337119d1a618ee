import Statecharts

extension CaseAccess {
    /// Why `member` may not sit on the panel hearing an appeal in a case of `organisation`, or nil: they must be a
    /// registered person holding a deciding role in the case's workflow (and no organisation role), not acting for
    /// the organisation, with no conflict of interest with it (current, or ended within two years). That they took
    /// no part in the case is the case record's to say (`appeal.panel-involved`). Rules: `appeal.unknown-person`,
    /// `appeal.panel-role`, `appeal.panel-conflict`.
    ///
    /// - Parameters:
    ///   - member: The person as the directory knows them (with their conflicts).
    ///   - person: The id the panel names, for messages.
    ///   - organisation: The case's organisation.
    ///   - time: When the panel is appointed (or was).
    ///   - mode: Whether conflicts declared after `time` count.
    ///   - kinds: The kinds the case's workflow gives roles.
    public static func panelRefusal(
        _ member: StoredSender, person: String, organisation: String, at time: Instant, mode: ConflictMode,
        kinds: RoleKinds
    ) -> CaseRefusal? {
        guard case .person(let record) = member else {
            return CaseRefusal(
                rule: "appeal.unknown-person",
                message: "\(person) is not a person in the directory; add them with a deciding role first")
        }
        let held = kinds.kinds(of: record.roles)
        guard held.contains(.decider), !held.contains(.organisation) else {
            let deciders = kinds.roles(withAnyOf: [.decider]).joined(separator: ", ")
            return CaseRefusal(
                rule: "appeal.panel-role",
                message: "\(person) (\(record.roles.sorted().joined(separator: ", "))) holds no deciding role for "
                    + "this case" + (deciders.isEmpty ? "" : " (\(deciders))") + " and cannot hear its appeal")
        }
        if record.organisation == organisation {
            return CaseRefusal(
                rule: "appeal.panel-conflict",
                message: "\(person) is registered as acting for \(organisation) and cannot hear its appeal")
        }
        for conflict in record.conflicts[organisation] ?? [] where conflict.bars(at: time, mode: mode) {
            return CaseRefusal(
                rule: "appeal.panel-conflict",
                message: "\(person) declared a conflict of interest with \(organisation) (\(conflict.reason)) "
                    + "within the last two years and cannot hear its appeal")
        }
        return nil
    }
}

import AccreditEngine
import EvidenceStore
import Statecharts

extension CaseDesk {
    /// The checks an event needs beyond the sender's standing and conflicts: that an act of evaluation comes from
    /// the case's team, that an assignment's person may be assigned (from the directory); and what it writes to the
    /// directory with the event (a conflict declared in the case enters the register). The sender's roles are checked
    /// first, so that nobody learns about a person's conflicts or competence, or about the team, by sending an event
    /// they may not send.
    ///
    /// - Returns: Statements to commit with the event.
    /// - Throws: ``CaseRefusal`` from the workflow's roles, the team rule or ``CaseAccess``'s assignment rules.
    func directoryChecks(_ command: CaseCommand, to open: OpenCase) throws -> [PostgresStatement] {
        let machine = open.definitions.machine
        guard let action = machine.action(of: command.name),
            action == .assign || action == .declareConflict || TransitionAction.evaluating.contains(action)
        else { return [] }
        try teamCheck(command, machine: machine, state: open.state)
        let organisation = open.head.organisationID
        switch action {
        case .assign:
            if let refusal = try assignmentRefusal(
                command.data, machine: machine, organisation: organisation, at: command.at)
            {
                throw refusal
            }
            return []
        case .declareConflict:
            var reason = "declared in case \(open.head.caseID)"
            // The reason given, or the note sent with the event (the portal's form), or where it was declared.
            for key in ["reason", "note"] {
                if case .string(let given)? = command.data[key], !given.allSatisfy(\.isWhitespace) {
                    reason = String(given.unicodeScalars.prefix(2000))
                    break
                }
            }
            let declaration = ConflictDeclaration(
                actor: command.actor, organisation: organisation, from: command.at, until: nil, reason: reason)
            return [DirectoryRecords.declarationStatement(declaration, at: command.at)]
        default:
            return []
        }
    }

    /// The workflow's roles, then, for an act of evaluation, the team rule (``CaseAccess/teamRefusal(actor:kinds:action:team:)``).
    ///
    /// - Throws: ``CaseRefusal`` `workflow.*` or `access.not-assigned`.
    func teamCheck(_ command: CaseCommand, machine: CaseMachine, state: CaseState) throws {
        if let refusal = machine.roleRefusal(command, state: state) { throw refusal }
        if let refusal = CaseAccess.teamRefusal(
            actor: command.actor, kinds: machine.roleKinds.kinds(of: command.roles),
            action: machine.action(of: command.name), team: state.record.team)
        {
            throw refusal
        }
    }

    /// Records a person's competence to assess a framework, as an administrator.
    ///
    /// - Throws: ``CaseRefusal`` `access.directory.write`; ``StoreError`` `.actorNotFound` for an unknown person,
    ///   `.invalid` for malformed values.
    public func recordCompetence(_ competence: Competence, by actorID: String) throws {
        let actor = try require(.writeDirectory, by: actorID)
        _ = try directory.actor(competence.actor)
        var record = competence
        record.recordedBy = actor.id
        try directory.record(record)
    }

    /// The competence records, or one person's, for staff.
    ///
    /// - Throws: ``CaseRefusal`` `access.conflicts.read` for an organisation.
    public func competences(as actorID: String, of person: String? = nil) throws -> [Competence] {
        try require(.readConflicts, by: actorID)
        return try directory.competences(actor: person)
    }
}

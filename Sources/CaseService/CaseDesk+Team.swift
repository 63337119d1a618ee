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
        let action = machine.action(of: command.name)
        guard
            action == .assign || action == .declareConflict || action == .appointPanel || action == .upholdAppeal
                || action == .dismissAppeal || action == .holdVisit
                || CaseAccess.needsAssignment(kinds: machine.roleKinds.kinds(of: command.roles), action: action)
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
        case .appointPanel, .upholdAppeal, .dismissAppeal:
            if let refusal = try panelRefusal(
                command, machine: machine, record: open.state.record, organisation: organisation)
            {
                throw refusal
            }
            return []
        case .holdVisit:
            if let refusal = try visitorRefusal(command, open: open) { throw refusal }
            return Self.visitHeld(command, seq: open.head.version + 1)
        case .declareConflict:
            return [
                Self.declaration(
                    by: command.actor, with: organisation, in: open.head.caseID, data: command.data, at: command.at)
            ]
        default:
            return []
        }
    }

    /// The register entry for a conflict of interest declared inside a case, to commit with its event: from the
    /// event's time, with the event's `reason` (checked by the case rules) or a plain one; never the event's note,
    /// which may be for the case's staff only, nor the case id in the text (every staff member reads the register).
    static func declaration(
        by actor: String, with organisation: String, in caseID: String, data: Value, at time: Instant
    )
        -> PostgresStatement
    {
        var reason = "declared during an assessment of the organisation"
        if case .string(let given)? = data["reason"], !given.allSatisfy(\.isWhitespace) { reason = given }
        return DirectoryRecords.declarationStatement(
            ConflictDeclaration(
                actor: actor, organisation: organisation, from: time, until: nil, reason: reason, declaredIn: caseID),
            at: time)
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

    /// Records a person's competence to assess a framework, as an administrator. Foundation codes are kept once
    /// each, in the order given.
    ///
    /// - Throws: ``CaseRefusal`` `access.directory.write`; ``StoreError`` `.actorNotFound` for an unknown person,
    ///   `.invalid` for malformed values.
    public func recordCompetence(_ competence: Competence, by actorID: String) throws {
        let actor = try require(.writeDirectory, by: actorID)
        _ = try directory.actor(competence.actor)
        var record = competence
        record.recordedBy = actor.id
        var seen: Set<String> = []
        record.foundations = competence.foundations.filter { seen.insert($0).inserted }
        try directory.record(record)
    }

    /// The competence records, or one person's: every record for administrators and auditors, their own for other
    /// staff (training records are personal).
    ///
    /// - Throws: ``CaseRefusal`` `access.conflicts.read` for an organisation.
    public func competences(as actorID: String, of person: String? = nil) throws -> [Competence] {
        let actor = try require(.readConflicts, by: actorID)
        let kinds = try publishedRoleKinds().kinds(of: actor.roles)
        guard kinds.isDisjoint(with: [.administrator, .auditor]) else {
            return try directory.competences(actor: person)
        }
        if let person, person != actor.id { return [] }
        return try directory.competences(actor: actor.id)
    }
}

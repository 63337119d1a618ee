import AccreditEngine
import EvidenceStore
import Statecharts
import Workflows

extension CaseDesk {
    /// The actor, after checking that this database session may act as them.
    ///
    /// - Throws: ``StoreError`` `.notFound`, ``CaseRefusal`` `access.system` for the built-in `system` actor (no
    ///   person may act as the engine), or `access.database-login` when the actor is bound to another login.
    public func authorisedActor(_ id: String) throws -> Actor {
        let actor: Actor
        if let verified = verifiedActor, verified.id == id { actor = verified } else { actor = try directory.actor(id) }
        if id == WorkflowExtension.systemRole || actor.roles.contains(WorkflowExtension.systemRole) {
            throw CaseRefusal(
                rule: "access.system",
                message: "nobody may act as \(id): the system actor is the engine itself, which delivers "
                    + "deadlines when they fall due and raises the statechart's own events")
        }
        if let login = actor.databaseLogin, authentication == .databaseSession {
            let session = try directory.sessionLogin()
            guard session == login else {
                throw CaseRefusal(
                    rule: "access.database-login",
                    message: "actor \(id) is bound to database login \(login), but this session is \(session); "
                        + "connect as \(login) to act as \(id)")
            }
        }
        return actor
    }

    /// Checks the rules about people that the workflow cannot know (``CaseAccess``, which replay applies to every
    /// stored event too), by the kinds the case's workflow gives the actor's roles (never by role names): auditors
    /// change nothing, organisations act only on their own cases, and evaluators and deciders with a declared
    /// conflict of interest (current, or ended within the last two years) may not act on the organisation's case. `time` is the time of the act: the store's, or an imported event's.
    func checkAccess(_ actor: Actor, to open: OpenCase, event: String, at time: Instant) throws {
        try checkAccess(
            actor, machine: open.definitions.machine, organisation: open.head.organisationID, event: event, at: time)
    }

    /// The rules of ``checkAccess(_:to:event:at:)`` for a case of `organisation` run by `machine` (also for a case
    /// being imported, before it exists).
    func checkAccess(
        _ actor: Actor, machine: CaseMachine, organisation: String, event: String, at time: Instant
    ) throws {
        let kinds = machine.roleKinds.kinds(of: actor.roles)
        if let refusal = CaseAccess.standingRefusal(
            actor: actor.id, roles: actor.roles, kinds: kinds, actorOrganisation: actor.organisation,
            organisation: organisation)
        {
            throw refusal
        }
        guard CaseAccess.isConflictChecked(kinds: kinds, action: machine.action(of: event)) else { return }
        if let refusal = try liveConflict(of: actor.id, with: organisation, at: time) { throw refusal }
    }

    /// The actor's declared conflicts of interest with `organisation`, as the access rules read them.
    func conflictPeriods(of actorID: String, with organisation: String) throws -> [ConflictPeriod] {
        try directory.conflicts(organisation: organisation).filter { $0.actor == actorID }.map(\.period)
    }

    /// Why a conflict of interest in the register bars the actor from `organisation`'s cases at `time`, counting
    /// every declaration (``CaseAccess/ConflictMode/live``), or nil.
    func liveConflict(of actorID: String, with organisation: String, at time: Instant) throws -> CaseRefusal? {
        CaseAccess.conflictRefusal(
            actor: actorID, organisation: organisation, conflicts: try conflictPeriods(of: actorID, with: organisation),
            at: time, mode: .live)
    }

    /// Why `data` may not assign its person to a case of `organisation` run by `machine` at `time`, by the directory
    /// as it stands (``CaseAccess/assignmentRefusal(_:assigning:foundations:in:organisation:at:mode:kinds:)``), or
    /// nil. Only for events whose action is ``TransitionAction/assign``.
    func assignmentRefusal(_ data: Value, machine: CaseMachine, organisation: String, at time: Instant) throws
        -> CaseRefusal?
    {
        // A malformed person is the case rules' to refuse (`team.person`); nothing is looked up for it.
        guard case .string(let person)? = data["person"], CaseTeamMember.isValidPerson(person) else { return nil }
        let assignee = try storedPerson(person, organisation: organisation)
        return CaseAccess.assignmentRefusal(
            assignee, assigning: person, foundations: machine.assignedFoundations(data), in: machine.framework.id,
            organisation: organisation, at: time, mode: .live, kinds: machine.roleKinds)
    }

    /// Why the members of a panel being appointed, or of the panel resolving the open appeal, may not hear an appeal
    /// in a case of `organisation`, by the directory as it stands
    /// (``CaseAccess/panelRefusal(_:person:organisation:at:mode:kinds:)``), or nil. A malformed panel is the case
    /// rules' to refuse (`appeal.panel`); nothing is looked up for it.
    func panelRefusal(_ command: CaseCommand, machine: CaseMachine, record: CaseRecord, organisation: String) throws
        -> CaseRefusal?
    {
        if machine.action(of: command.name) == .appointPanel {
            guard case .array(let items)? = command.data["panel"], items.count <= 9,
                items.allSatisfy({
                    if case .string(let person) = $0 { CaseTeamMember.isValidPerson(person) } else { false }
                })
            else { return nil }
        }
        for person in machine.panelMembers(event: command.name, data: command.data, record: record) {
            if let refusal = CaseAccess.panelRefusal(
                try storedPerson(person, organisation: organisation), person: person, organisation: organisation,
                at: command.at, mode: .live, kinds: machine.roleKinds)
            {
                return refusal
            }
        }
        return nil
    }

    /// A person as the assignment rules read them: their roles, conflicts with `organisation` and competences, or
    /// ``StoredSender/unknown``.
    private func storedPerson(_ person: String, organisation: String) throws -> StoredSender {
        guard let actor = try directory.registeredActor(person) else { return .unknown }
        if actor.id == WorkflowExtension.systemRole { return .system }
        return .person(
            SenderRecord(
                id: actor.id, roles: actor.roles, organisation: actor.organisation,
                conflicts: [organisation: try conflictPeriods(of: person, with: organisation)],
                competences: try directory.competences(actor: person).map(\.period)))
    }

    /// Whether an actor may read a case of `organisation` (``CaseAccess/mayRead(kinds:actorOrganisation:organisation:assigned:)``):
    /// organisations their own cases, administrators, deciders and auditors every case, assessors the cases they are
    /// assigned to. Kinds are the case's workflow's, and those every published workflow declares together.
    ///
    /// - Parameters:
    ///   - workflowKinds: The kinds one published workflow declares (the case's), asked first: they are part of what
    ///     every published workflow declares together (a role keeps one kind in every workflow), so when they make
    ///     the actor a reader of every case the answer is the same without reading the catalog.
    ///   - team: The case's team, asked only for an assessor; nil when it cannot be read (then refused).
    public func mayRead(
        _ actor: Actor, organisation: String, workflowKinds: RoleKinds? = nil,
        team: () throws -> [String: CaseTeamMember]?
    ) throws -> Bool {
        let readers: Set<RoleKind> = [.administrator, .decider, .auditor]
        var kinds = workflowKinds?.kinds(of: actor.roles) ?? []
        // A role keeps one kind in every published workflow, so the catalog is read only for roles this workflow
        // does not declare.
        let declaredHere = workflowKinds.map { declared in actor.roles.allSatisfy(declared.isDeclared) } ?? false
        if !declaredHere { kinds.formUnion(try publishedRoleKinds().kinds(of: actor.roles)) }
        if !kinds.isDisjoint(with: readers) { return true }
        if actor.organisation == organisation, kinds.contains(.organisation) { return true }
        guard kinds.contains(.evaluator) else { return false }
        // A team member with a conflict of interest in force (declared since, or in another case) no longer reads.
        if try liveConflict(of: actor.id, with: organisation, at: try now()) != nil { return false }
        return CaseAccess.mayRead(
            kinds: kinds, actorOrganisation: actor.organisation, organisation: organisation,
            assigned: try team().map { $0[actor.id] != nil })
    }

    /// Checks that `actor` may read a loaded case (``mayRead(_:organisation:workflowKinds:team:)``).
    ///
    /// - Throws: ``readRefusal(_:caseID:organisation:what:team:)``'s refusal when they may not.
    func requireReadable(_ open: OpenCase, by actor: Actor) throws {
        let (organisation, team) = (open.head.organisationID, open.state.record.team)
        guard
            try mayRead(
                actor, organisation: organisation, workflowKinds: open.definitions.machine.roleKinds, team: { team })
        else {
            throw readRefusal(actor, caseID: open.head.caseID, organisation: organisation, team: team)
        }
    }

    /// ``mayRead(_:organisation:workflowKinds:team:)`` for a case known by its head, loading its team only when the
    /// actor is an assessor (a case that does not load refuses them).
    func mayRead(_ actor: Actor, head: CaseHead) throws -> Bool {
        try mayRead(actor, organisation: head.organisationID, workflowKinds: pinnedRoleKinds(of: head)) {
            try? load(head.caseID).state.record.team
        }
    }

    /// The refusal of reading a case: `access.organisation` for another organisation's, `access.not-assigned` for a
    /// staff member who may read only the cases they are assigned to.
    func readRefusal(
        _ actor: Actor, caseID: String, organisation: String, what: String = "", team: [String: CaseTeamMember] = [:]
    ) -> CaseRefusal {
        // A team member barred by a conflict of interest knows the case: they are told why.
        if team[actor.id] != nil, let time = try? now(),
            let refusal = try? liveConflict(of: actor.id, with: organisation, at: time)
        {
            return refusal
        }
        if actor.organisation == nil,
            (try? publishedRoleKinds().kinds(of: actor.roles).contains(.evaluator)) == true
        {
            return CaseRefusal(
                rule: "access.not-assigned",
                message: "\(actor.id) is not assigned to case \(caseID) and may not see it\(what): assessors see "
                    + "only the cases they are assigned to")
        }
        return CaseRefusal(
            rule: "access.organisation",
            message: "\(actor.id) acts for \(actor.organisation ?? "no organisation") and may not see "
                + "\(organisation)'s case \(caseID)\(what)")
    }

    /// The role kinds of a case's pinned workflow, or nil when its definitions cannot be loaded (the caller then
    /// asks the catalog).
    func pinnedRoleKinds(of head: CaseHead) -> RoleKinds? {
        try? definitions(workflow: head.workflow, framework: head.framework).machine.roleKinds
    }

    /// The kinds of every role, as every published workflow declares them together (a role declared differently by
    /// two workflows holds both kinds); cached by the published sources' hashes.
    public func publishedRoleKinds() throws -> RoleKinds {
        let key = try catalog.digest(.workflow)
        if let cached = roleKindCache, cached.key == key { return cached.kinds }
        let workflows = try catalog.all(.workflow)
        var kinds = RoleKinds()
        for workflow in workflows {
            let document = try SCXMLLoader.loadStored(
                Array(workflow.source.utf8), file: "\(workflow.reference.name)@\(workflow.reference.version)")
            kinds = kinds.merging(document.roleKinds)
        }
        roleKindCache = (workflows.map(\.sha256).joined(separator: ","), kinds)
        return kinds
    }
}

extension CaseDesk {
    /// Why an actor may not send `event` to a case now, by the rules about people (access, organisation, conflicts,
    /// and for a decision, no part in the evaluation), or nil when they may; the workflow's own guards are not
    /// asked. For front ends that say so before a form is filled in; sending still checks everything again.
    ///
    /// - Throws: ``StoreError`` when the case cannot be read, and refusals of reading it (another organisation's
    ///   case is not found).
    public func refusal(of actorID: String, sending event: String, to caseID: String) throws -> CaseRefusal? {
        let open: OpenCase
        do {
            (open, _) = try admitted(actorID, to: caseID, event: event)
        } catch let refusal as CaseRefusal where refusal.rule != "access.organisation" {
            return refusal
        }
        let machine = open.definitions.machine
        guard machine.action(of: event) == .decide else { return nil }
        return machine.decisionRefusal(actorID, in: open.state)
    }
}

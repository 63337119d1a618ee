import Statecharts

extension CaseMachine {
    /// Why `actor` may not decide the case at `state`, having taken part in its evaluation (rule
    /// `impartiality.decision-maker`), or nil: the check a decision makes, for front ends that say so before the
    /// form. Pure.
    public func decisionRefusal(_ actor: String, in state: CaseState) -> CaseRefusal? {
        CaseRules.decisionRefusal(actor, record: state.record)
    }

    /// Why the sender of a stored event was not allowed to send it at its point in the history, if they were not.
    ///
    /// The checks are those the desk makes before it decides live (``CaseAccess``, then the workflow's roles as
    /// ``WorkflowPolicy/check(_:actorRoles:snapshot:host:)`` applies them), with the sender as the directory knows
    /// them and conflicts of interest as they stood at the event's time. The system may only deliver a deadline:
    /// a timer pending in the state before the event, due by the event's time, delivering the event's name.
    ///
    /// Call it on the state before the event, then ``fold(_:into:)``; `state` changes only in its caches. Pure.
    ///
    /// - Parameters:
    ///   - envelope: The stored event.
    ///   - sender: Its actor as the directory knows them.
    ///   - organisation: The case's organisation.
    ///   - state: The case before the event.
    /// - Returns: The refusal naming the rule (`access.*`, `impartiality.*`, `workflow.*` or `timer.*`), or nil.
    public func senderRefusal(
        _ envelope: EventEnvelope, from sender: StoredSender, organisation: String, in state: inout CaseState
    ) -> CaseRefusal? {
        if CaseMigration.isMigration(envelope) { return migrationSenderRefusal(envelope, from: sender) }
        switch sender {
        case .unknown:
            return CaseRefusal(
                rule: "access.unknown-actor", message: "actor \(envelope.actor) is not registered in the directory")
        case .system:
            return timerRefusal(envelope, state)
        case .person(let person):
            let conflicts = person.conflicts[organisation] ?? []
            let configuration = state.snapshot.configurationKey
            let memo = state.senderMemo
            if conflicts.isEmpty, memo.machine === identity, memo.name == envelope.type, memo.actor == person.id,
                memo.configuration == configuration
            {
                return memo.refusal ?? teamRefusal(envelope, person, state)
            }
            let (refusal, dependsOnGuards) = personRefusal(
                envelope, person, conflicts: conflicts, organisation: organisation, state)
            if conflicts.isEmpty, !dependsOnGuards {
                state.senderMemo = SenderMemo(
                    machine: identity, name: envelope.type, actor: person.id, configuration: configuration,
                    refusal: refusal)
            }
            return refusal ?? teamRefusal(envelope, person, state)
        }
    }

    /// Why the sender of a recorded migration could not have made it: only a person with a role of the
    /// administrator kind moves a case to another workflow version.
    private func migrationSenderRefusal(_ envelope: EventEnvelope, from sender: StoredSender) -> CaseRefusal? {
        if case .person(let person) = sender, roleKinds.kinds(of: person.roles).contains(.administrator) { return nil }
        return CaseRefusal(
            rule: "access.migrate",
            message: "\(envelope.actor) moved the case to another workflow version; only an administrator may")
    }

    /// The team rule, after every other (the team changes without the configuration, so it is never memoised).
    private func teamRefusal(_ envelope: EventEnvelope, _ person: SenderRecord, _ state: CaseState) -> CaseRefusal? {
        let action = action(of: envelope.type)
        if let action, !TransitionAction.evaluating.contains(action) { return nil }
        return CaseAccess.teamRefusal(
            actor: person.id, kinds: roleKinds.kinds(of: person.roles), action: action, team: state.record.team)
    }

    /// Why a stored assignment should not have been made, if it should not: the person it assigns as the
    /// directory knows them, checked as ``CaseAccess/assignmentRefusal(_:assigning:foundations:in:organisation:at:mode:kinds:)``
    /// does at the event's time, counting only conflicts declared by then (training records count by their dates).
    /// Nil for any other event. Pure.
    ///
    /// - Parameters:
    ///   - envelope: The stored event.
    ///   - assignee: The directory's record of the person the event's data names (`person`).
    ///   - organisation: The case's organisation.
    public func assignmentRefusal(_ envelope: EventEnvelope, assignee: StoredSender, organisation: String)
        -> CaseRefusal?
    {
        guard action(of: envelope.type) == .assign, case .string(let person)? = envelope.payload["person"] else {
            return nil
        }
        return CaseAccess.assignmentRefusal(
            assignee, assigning: person, foundations: assignedFoundations(envelope.payload), in: framework.id,
            organisation: organisation, at: envelope.occurredAt, mode: .replay, kinds: roleKinds)
    }

    /// Why a stored held visit's visitors should not have joined the case's team, if one should not: each who was
    /// not on it before the event, as the directory knows them, checked as an assignment to every foundation at the
    /// event's time (``CaseAccess/assignmentRefusal(_:assigning:foundations:in:organisation:at:mode:kinds:)``). Nil
    /// for any other event. Pure.
    ///
    /// - Parameters:
    ///   - envelope: The stored event.
    ///   - record: The case's record before the event.
    ///   - visitor: The directory's record of a person.
    ///   - organisation: The case's organisation.
    public func visitorRefusal(
        _ envelope: EventEnvelope, record: CaseRecord, visitor: (String) -> StoredSender, organisation: String
    ) -> CaseRefusal? {
        guard action(of: envelope.type) == .holdVisit, case .array(let items)? = envelope.payload["visitors"] else {
            return nil
        }
        for case .string(let person) in items where record.team[person] == nil {
            if let refusal = CaseAccess.assignmentRefusal(
                visitor(person), assigning: person, foundations: framework.foundations.map(\.id), in: framework.id,
                organisation: organisation, at: envelope.occurredAt, mode: .replay, kinds: roleKinds)
            {
                return refusal
            }
        }
        return nil
    }

    /// The people whose independence an event depends on: those a panel appointment's data names (`panel`), or,
    /// for the resolution of an appeal, the open appeal's panel (checked again when it resolves); none for any other
    /// event.
    public func panelMembers(event name: String, data: Value, record: CaseRecord) -> [String] {
        switch action(of: name) {
        case .appointPanel?:
            guard case .array(let items)? = data["panel"] else { return [] }
            return items.compactMap { if case .string(let person) = $0 { person } else { nil } }
        case .upholdAppeal?, .dismissAppeal?:
            return record.openAppeal?.panel ?? []
        default:
            return []
        }
    }

    /// Why a stored panel appointment or resolution should not have been made, if it should not: each member as the
    /// directory knows them, checked as ``CaseAccess/panelRefusal(_:person:organisation:at:mode:kinds:)`` does at
    /// the event's time, counting only conflicts declared by then. Nil for any other event. Pure.
    ///
    /// - Parameters:
    ///   - envelope: The stored event.
    ///   - state: The case before the event.
    ///   - member: The directory's record of a person the panel names.
    ///   - organisation: The case's organisation.
    public func panelRefusal(
        _ envelope: EventEnvelope, state: CaseState, member: (String) -> StoredSender, organisation: String
    ) -> CaseRefusal? {
        for person in panelMembers(event: envelope.type, data: envelope.payload, record: state.record) {
            if let refusal = CaseAccess.panelRefusal(
                member(person), person: person, organisation: organisation, at: envelope.occurredAt, mode: .replay,
                kinds: roleKinds)
            {
                return refusal
            }
        }
        return nil
    }

    /// The foundations an assignment's data names, or every foundation of the framework when it names none.
    public func assignedFoundations(_ data: Value) -> [String] {
        guard case .array(let items)? = data["foundations"], !items.isEmpty else {
            return framework.foundations.map(\.id)
        }
        return items.compactMap { if case .string(let code) = $0 { code } else { nil } }
    }

    private func personRefusal(
        _ envelope: EventEnvelope, _ person: SenderRecord, conflicts: [ConflictPeriod], organisation: String,
        _ state: CaseState
    ) -> (CaseRefusal?, dependsOnGuards: Bool) {
        if person.id == WorkflowExtension.systemRole || person.roles.contains(WorkflowExtension.systemRole) {
            return (
                CaseRefusal(
                    rule: "access.system",
                    message: "\(person.id) holds the system role, which no person may hold or act in"), false
            )
        }
        let kinds = roleKinds.kinds(of: person.roles)
        if let refusal = CaseAccess.standingRefusal(
            actor: person.id, roles: person.roles, kinds: kinds, actorOrganisation: person.organisation,
            organisation: organisation)
        {
            return (refusal, false)
        }
        if CaseAccess.isConflictChecked(kinds: kinds, action: action(of: envelope.type)),
            let refusal = CaseAccess.conflictRefusal(
                actor: person.id, organisation: organisation, conflicts: conflicts, at: envelope.occurredAt,
                mode: .replay)
        {
            return (refusal, false)
        }
        let time = envelope.occurredAt
        let verdict = policy.storedVerdict(
            ExternalEvent(name: envelope.type, data: envelope.payload, at: time, origin: envelope.actor),
            actorRoles: person.roles, snapshot: state.snapshot
        ) {
            CaseGuards(
                framework: framework, record: state.record, snapshot: state.snapshot, awardTimer: awardTimer, time: time
            )
        }
        let refusal = verdict.refusal.map { refusal in
            CaseRefusal(rule: "workflow.\(refusal.code.rawValue)", message: refusal.description)
        }
        return (refusal, verdict.dependsOnGuards)
    }

    /// Why a stored event from the system is not the delivery of a deadline that had fallen due, if it is not.
    private func timerRefusal(_ envelope: EventEnvelope, _ state: CaseState) -> CaseRefusal? {
        let event = "event \(envelope.seq) (\(envelope.type))"
        guard let timerID = CaseCommand.timerID(actor: envelope.actor, data: envelope.payload) else {
            return CaseRefusal(
                rule: "access.system",
                message: "\(event) names the system actor but delivers no deadline; the system sends nothing else")
        }
        guard let timer = state.snapshot.pendingTimers.first(where: { $0.id == timerID }) else {
            return CaseRefusal(
                rule: "timer.not-pending", message: "\(event) delivers timer \(timerID), which was not pending")
        }
        guard timer.due <= envelope.occurredAt else {
            return CaseRefusal(
                rule: "timer.not-due",
                message: "\(event) delivers timer \(timerID) at \(envelope.occurredAt.iso8601), before it fell due at "
                    + timer.due.iso8601)
        }
        guard timer.event.name == envelope.type else {
            return CaseRefusal(
                rule: "timer.event-mismatch",
                message: "\(event) delivers timer \(timerID), which delivers \(timer.event.name)")
        }
        return nil
    }
}

/// The verdict of ``CaseMachine/senderRefusal(_:from:organisation:in:)`` for the event name, sender and
/// configuration it saw last, when that verdict depended on nothing else (a cache that never changes a result).
struct SenderMemo: Sendable {
    var machine: (any AnyObject & Sendable)?
    var name = ""
    var actor = ""
    var configuration = ConfigurationKey()
    var refusal: CaseRefusal?
}

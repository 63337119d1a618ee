import Statecharts

/// The pure decision core of a case: given its state and a command, either the new state and the deadlines to
/// schedule, or a refusal naming the rule. Replay is a fold of ``apply(_:to:)`` over the stored events.
///
/// A machine is an immutable value: the case's facts that the workflow's guards read are built from the state given
/// with each command (``CaseGuards``) and passed to the interpreter with the event, so one machine serves any number
/// of cases and tasks at once.
public struct CaseMachine: Sendable {
    /// The machine's immutable parts, held once: copying a machine, or capturing it in a closure, costs one
    /// reference count rather than one for every array and dictionary of the workflow and framework.
    private final class Parts: Sendable {
        let document: Document
        let framework: Framework
        let index: FrameworkIndex
        let policy: WorkflowPolicy
        let roleKinds: RoleKinds
        let awardStates: Set<String>
        let awardTimer: String?
        let suspendedStates: Set<String>
        let withdrawnStates: Set<String>
        /// The states with `acc:appeal`, in document order, and the time a panel has.
        let appealStates: [(state: String, kind: String, deadlines: Set<String>)]
        let appealResolveWithin: Delay?

        init(document: Document, framework: Framework, policy: WorkflowPolicy) {
            self.document = document
            self.framework = framework
            self.index = FrameworkIndex(framework)
            self.policy = policy
            self.roleKinds = document.roleKinds
            self.awardStates = Set(document.awardStates)
            self.awardTimer = document.awardExpiryTimer
            self.suspendedStates = Set(document.awardSuspendedStates)
            self.withdrawnStates = Set(document.awardWithdrawnStates)
            self.appealStates = document.appealStates
            self.appealResolveWithin = document.appealResolveWithin
        }
    }

    private var parts: Parts

    /// Builds the machine for a workflow and framework.
    ///
    /// - Throws: ``DocumentError`` when the workflow cannot be compiled.
    public init(document: Document, framework: Framework) throws(DocumentError) {
        parts = Parts(
            document: document, framework: framework,
            policy: WorkflowPolicy(interpreter: try Interpreter(document: document)))
    }

    /// The workflow document.
    public var document: Document { parts.document }
    /// The framework the case is assessed against.
    public var framework: Framework { parts.framework }
    /// What the workflow's roles are (``RoleKind``), which every rule about people follows.
    public var roleKinds: RoleKinds { parts.roleKinds }

    /// The states in which a case holds an award (`acc:award-states`).
    public var awardStates: Set<String> { parts.awardStates }
    /// The send id of the timer that ends an award (`acc:award-expiry`).
    public var awardTimer: String? { parts.awardTimer }

    /// Whether the case holds an award: it is in one of the workflow's award states (`acc:award-states`), or its award
    /// runs on while it is renewed (``isRenewing(_:)``).
    public func holdsAward(_ state: CaseState) -> Bool {
        inAwardState(state) || isRenewing(state)
    }

    /// Whether the case is in one of the workflow's award states (`acc:award-states`).
    public func inAwardState(_ state: CaseState) -> Bool {
        !parts.awardStates.isDisjoint(with: state.snapshot.configuration)
    }

    /// Whether the case's award runs on while the case is outside its award states, neither suspended nor withdrawn
    /// nor ended: the award timer (`acc:award-expiry`) is still pending, as it is while a renewal is assessed and
    /// decided (and while a refused renewal may be appealed). The award stays current until the renewal's decision
    /// replaces it or it expires.
    public func isRenewing(_ state: CaseState) -> Bool {
        guard let timer = parts.awardTimer, !state.snapshot.isHalted else { return false }
        return isRenewing(
            configuration: state.snapshot.configuration,
            awardTimerPending: state.snapshot.earliestDue(sendID: timer) != nil)
    }

    /// ``isRenewing(_:)`` from a stored projection: the active states and whether the award timer is pending (a case
    /// that ended has no timer pending).
    public func isRenewing(configuration: [String], awardTimerPending: Bool) -> Bool {
        awardTimerPending && parts.awardStates.isDisjoint(with: configuration)
            && parts.suspendedStates.isDisjoint(with: configuration)
            && parts.withdrawnStates.isDisjoint(with: configuration)
    }

    /// Whether the case's award is suspended: it is in one of the workflow's `acc:award-suspended` states.
    public func isAwardSuspended(_ state: CaseState) -> Bool {
        !parts.suspendedStates.isDisjoint(with: state.snapshot.configuration)
    }

    /// Whether the case's award is withdrawn, the withdrawal still open to appeal: it is in one of the workflow's
    /// `acc:award-withdrawn` states.
    public func isAwardWithdrawn(_ state: CaseState) -> Bool {
        !parts.withdrawnStates.isDisjoint(with: state.snapshot.configuration)
    }

    /// Drops a pending scope change once the case holds no award, suspended or withdrawn or not (a renewal, say,
    /// overtook it): the change was asked of that award, and the request stays in the history.
    @inline(__always)
    func lapseScopeChange(_ state: inout CaseState) {
        guard state.record.scopeChange != nil, !holdsAnyAward(state) else { return }
        state.record.scopeChange = nil
    }

    /// After an event, while a renewal is under way: its start notes the running award's expiry (`expiry`, the award
    /// timer's due time before the event); entering an award state ends it, with the new award of a decision, or
    /// otherwise (withdrawn, or refused and past appeal) with the running award's own terms given back
    /// (``CaseRecord/restoreRenewedAward()``).
    @inline(__always)
    func settleRenewal(_ state: inout CaseState, wasInAward: Bool, expiry: Instant?, newAward: Bool) {
        if state.record.renewedAward?.expiresAt == nil, wasInAward {
            state.record.renewedAward?.expiresAt = expiry
            return
        }
        guard !wasInAward, inAwardState(state) else { return }
        if newAward {
            state.record.renewedAward = nil
        } else {
            state.record.restoreRenewedAward()
        }
    }

    /// Whether an event of `action` with `data` grants an award when it takes the case into an award state: a
    /// decision, or an upheld appeal that substitutes an outcome the framework declares an award.
    func grantsAward(_ action: TransitionAction?, _ data: Value) -> Bool {
        switch action {
        case .decide?: return true
        case .upholdAppeal?:
            guard case .string(let outcome)? = data["outcome"] else { return false }
            return framework.outcome(AwardOutcome(rawValue: outcome))?.isAward == true
        default: return false
        }
    }

    /// Whether the case is in an award state, or its award is suspended or withdrawn open to appeal (not while a
    /// renewal is assessed: that is a new cycle, with proposals of its own).
    func holdsAnyAward(_ state: CaseState) -> Bool {
        inAwardState(state) || isAwardSuspended(state) || isAwardWithdrawn(state)
    }

    /// When the case's award ends: the due time of the workflow's award timer (`acc:award-expiry`), if pending.
    public func awardExpiry(of state: CaseState) -> Instant? {
        parts.awardTimer.flatMap { state.snapshot.earliestDue(sendID: $0) }
    }

    /// The event names the workflow declares with an action, sorted.
    public func events(for action: TransitionAction) -> [String] { parts.policy.events(for: action) }

    /// Whether the case's current states take the event from someone, guards and roles ignored.
    public func isOffered(_ event: String, in state: CaseState) -> Bool {
        parts.policy.isOffered(event, in: state.snapshot)
    }

    /// The action the workflow declares for an event name (`acc:action`), if any.
    public func action(of event: String) -> TransitionAction? { parts.policy.action(for: event) }

    /// What may be appealed in the case's current states (the first `acc:appeal` state active, in document order), and
    /// the time the workflow gives a panel.
    /// `time` is the event's: a deadline of the appealable state due by then (not yet delivered) ends the time to
    /// appeal.
    func appealTerms(_ snapshot: Snapshot, at time: Instant) -> CaseRules.AppealTerms {
        var terms = CaseRules.AppealTerms(resolveWithin: parts.appealResolveWithin)
        guard !parts.appealStates.isEmpty else { return terms }
        let active = Set(snapshot.configuration)
        guard let state = parts.appealStates.first(where: { active.contains($0.state) }) else { return terms }
        terms.against = state.kind
        terms.scope = state.state
        terms.closedAt = Self.appealDeadline(snapshot, events: state.deadlines).flatMap { $0 <= time ? $0 : nil }
        return terms
    }

    /// When the time to appeal the decision the case's current states hold ends: the earliest pending deadline of the
    /// state where an appeal is lodged (its events only the system sends), or nil when nothing may be appealed or no
    /// such deadline is pending.
    public func appealDeadline(_ state: CaseState) -> Instant? {
        let active = Set(state.snapshot.configuration)
        guard let appealState = parts.appealStates.first(where: { active.contains($0.state) }) else { return nil }
        return Self.appealDeadline(state.snapshot, events: appealState.deadlines)
    }

    private static func appealDeadline(_ snapshot: Snapshot, events: Set<String>) -> Instant? {
        snapshot.pendingTimers.filter { events.contains($0.event.name) }.map(\.due).min()
    }

    /// The kind of decision that may be appealed in the case's current states (`acc:appeal`), or nil.
    public func appealable(_ state: CaseState) -> String? {
        parts.appealStates.first { state.snapshot.configuration.contains($0.state) }?.kind
    }

    /// The workflow's interpreter.
    var interpreter: Interpreter { parts.policy.interpreter }
    /// The workflow's role policy.
    var policy: WorkflowPolicy { parts.policy }
    /// The machine's shared parts, as an identity for caches kept in a ``CaseState``.
    var identity: any AnyObject & Sendable { parts }

    /// Whether events that can only select inert transitions skip the full interpreter (tests turn it off to
    /// compare the two).
    var inertShortcut: Bool {
        get { interpreter.usesInertShortcut }
        set {
            var interpreter = interpreter
            interpreter.usesInertShortcut = newValue
            parts = Parts(
                document: parts.document, framework: parts.framework, policy: WorkflowPolicy(interpreter: interpreter))
        }
    }

    /// The state of a newly opened case.
    public func open(caseID: String, at time: Instant) -> CaseState {
        CaseState(snapshot: interpreter.start(at: time, sessionID: caseID).snapshot, record: CaseRecord())
    }

    /// Decides a command: checks the domain rules, impartiality and the workflow's roles and guards, then runs it.
    ///
    /// - Returns: The state after the command and the engine's effects (deadlines to schedule or cancel).
    public func decide(_ command: CaseCommand, state: CaseState) -> Result<(CaseState, [Effect]), CaseRefusal> {
        if command.name == CaseMigration.event, command.timerID == nil {
            return .failure(
                CaseRefusal(
                    rule: "migration.reserved",
                    message: "\(CaseMigration.event) is recorded only when an administrator moves the case to another "
                        + "workflow version, never sent as an event"))
        }
        // Whether the event is offered to the sender's roles at all comes first, so that the data rules never read
        // (nor explain) data that someone sent in another's place. Replay (`fold`) does not ask: roles may change.
        if let refusal = roleRefusal(command, state: state) { return .failure(refusal) }
        let change: CaseRules.Change
        switch CaseRules.check(
            command.name, action: action(of: command.name), data: command.data, actor: command.actor,
            record: state.record, framework: parts.index, at: command.at,
            appeal: { appealTerms(state.snapshot, at: command.at) }, inAward: { holdsAnyAward(state) })
        {
        case .success(let checked): change = checked
        case .failure(let refusal): return .failure(refusal)
        }
        let event = externalEvent(command)
        let guards = CaseGuards(
            framework: framework, record: state.record, snapshot: state.snapshot, awardTimer: parts.awardTimer,
            time: command.at)
        if command.timerID == nil {
            let checked = parts.policy.check(event, actorRoles: command.roles, snapshot: state.snapshot, host: guards)
            if case .failure(let refusal) = checked {
                return .failure(CaseRefusal(rule: "workflow.\(refusal.code.rawValue)", message: refusal.description))
            }
        }
        switch parts.policy.interpreter.process(event, snapshot: state.snapshot, host: guards) {
        case .failure(let rejection):
            return .failure(CaseRefusal(rule: "workflow.rejected", message: "\(rejection)"))
        case .success(let step):
            var next = CaseState(snapshot: step.snapshot, record: state.record)
            CaseRules.record(change, by: command.actor, into: &next.record)
            if next.record.renewedAward != nil {
                settleRenewal(
                    &next, wasInAward: inAwardState(state), expiry: awardExpiry(of: state),
                    newAward: grantsAward(action(of: command.name), command.data))
            }
            if next.record.openAppeal != nil {
                let configuration = next.snapshot.configuration
                CaseRules.lapseOvertakenAppeal(
                    in: &next.record, configuration: { configuration }, event: command.name, at: command.at)
            }
            lapseScopeChange(&next)
            next.record.version += 1
            return .success((next, step.effects))
        }
    }

    /// Why the command's event is not offered to the sender's roles in the case's current states, if it is not
    /// (`workflow.*`): the first check of ``decide(_:state:)``, for checks that must not read the data before it.
    /// Nil for a timer's delivery. Pure.
    public func roleRefusal(_ command: CaseCommand, state: CaseState) -> CaseRefusal? {
        guard command.timerID == nil,
            case .failure(let refusal) = parts.policy.check(
                ExternalEvent(name: command.name, data: command.data, at: command.at, origin: command.actor),
                actorRoles: command.roles, snapshot: state.snapshot, rolesOnly: true)
        else { return nil }
        return CaseRefusal(rule: "workflow.\(refusal.code.rawValue)", message: refusal.description)
    }

    /// Re-applies a stored event without role checks (roles are checked when the event is accepted; they may
    /// change later), but with every other rule: an event the workflow would not take is reported.
    public func apply(_ envelope: EventEnvelope, to state: CaseState) -> Result<(CaseState, [Effect]), CaseRefusal> {
        var next = state
        return fold(envelope, into: &next).map { effects in (next, effects) }
    }

    /// ``apply(_:to:)`` in place, for replay: one interpreter pass per event (``Interpreter/advance(_:in:memo:host:)``)
    /// and no copy of the case record. On a refusal the state is left as it was.
    public func fold(_ envelope: EventEnvelope, into state: inout CaseState) -> Result<[Effect], CaseRefusal> {
        if CaseMigration.isMigration(envelope) { return foldMigration(envelope, into: &state) }
        // Works on the envelope's parts rather than a `CaseCommand`: building one copied every field per event.
        let change: CaseRules.Change
        let actor = envelope.actor
        if state.actionMemo.policy !== parts || state.actionMemo.name != envelope.type {
            state.actionMemo = ActionMemo(policy: parts, name: envelope.type, action: action(of: envelope.type))
        }
        switch CaseRules.check(
            envelope.type, action: state.actionMemo.action, data: envelope.payload, actor: actor,
            record: state.record, framework: parts.index, at: envelope.occurredAt,
            appeal: { appealTerms(state.snapshot, at: envelope.occurredAt) }, inAward: { holdsAnyAward(state) })
        {
        case .success(let checked): change = checked
        case .failure(let refusal): return .failure(refusal)
        }
        let timerID = CaseCommand.timerID(actor: actor, data: envelope.payload)
        guard !state.snapshot.isHalted || timerID != nil else {
            return .failure(notAccepted(envelope, state))
        }
        let (time, awardTimer) = (envelope.occurredAt, parts.awardTimer)
        // What a renewal's start or end needs of the state before the event (only read then).
        let renewal = state.record.renewedAward != nil || state.actionMemo.action == .renew
        let (wasInAward, expiryBefore) = renewal ? (inAwardState(state), awardExpiry(of: state)) : (false, nil)
        let advanced = parts.policy.interpreter.advance(
            ExternalEvent(name: envelope.type, data: envelope.payload, at: time, origin: actor, timer: timerID),
            in: &state.snapshot, memo: &state.memo
        ) { before in
            // Captures the time, not the envelope: a closure that captured the envelope would copy it every event.
            CaseGuards(framework: framework, record: state.record, snapshot: before, awardTimer: awardTimer, time: time)
        }
        switch advanced {
        case .failure(let rejection):
            return .failure(CaseRefusal(rule: "workflow.rejected", message: "\(rejection)"))
        case .success(.unmatched):
            return .failure(notAccepted(envelope, state))
        case .success(.taken(let effects)):
            CaseRules.record(change, by: actor, into: &state.record)
            if state.record.renewedAward != nil {
                settleRenewal(
                    &state, wasInAward: wasInAward, expiry: expiryBefore,
                    newAward: grantsAward(state.actionMemo.action, envelope.payload))
            }
            if state.record.openAppeal != nil {
                let configuration = state.snapshot.configuration
                CaseRules.lapseOvertakenAppeal(
                    in: &state.record, configuration: { configuration }, event: envelope.type, at: time)
            }
            lapseScopeChange(&state)
            state.record.version += 1
            return .success(effects)
        }
    }

    /// A recorded move to another workflow version: changes nothing but the record's version (the states are
    /// already the new version's, since the whole log folds under it). Refused when its data is not a migration.
    private func foldMigration(_ envelope: EventEnvelope, into state: inout CaseState) -> Result<[Effect], CaseRefusal>
    {
        guard CaseMigration(payload: envelope.payload) != nil else {
            return .failure(
                CaseRefusal(
                    rule: "migration.malformed",
                    message: "event \(envelope.seq) (\(envelope.type)) does not record a move between two workflow "
                        + "versions"))
        }
        state.record.version += 1
        return .success([])
    }

    private func notAccepted(_ envelope: EventEnvelope, _ state: CaseState) -> CaseRefusal {
        CaseRefusal(
            rule: "workflow.not-accepted",
            message: "event \(envelope.seq) (\(envelope.type)) is not accepted in state \(state.status)")
    }

    /// The events an actor may send now, with their roles and guards.
    public func acceptedEvents(roles: Set<String>, state: CaseState, at time: Instant) -> [AcceptedEvent] {
        parts.policy.acceptedEvents(
            roles: roles, in: state.snapshot,
            host: CaseGuards(
                framework: framework, record: state.record, snapshot: state.snapshot, awardTimer: parts.awardTimer,
                time: time))
    }

    /// The framework's assessment of the case so far: coverage, scores and the award rule that decides.
    public func assessment(of state: CaseState) throws(FrameworkAssessmentError) -> FrameworkAssessment {
        try FrameworkAssessment(
            framework: framework, ratings: state.record.ratings, evidenceCounts: state.record.submittedCoverage,
            outstandingFindings: state.record.outstandingFindings,
            notApplicable: state.record.notApplicable(in: framework))
    }

    /// The members the desk may add: ``completing(_:for:in:)``'s, and a held visit's plan (its kind, who planned it
    /// and when, its complaints and its visitors), which the desk reads from the store.
    public static let completedMembers: Set<String> = [
        "finding", "respondWithin", "kind", "plannedBy", "plannedAt", "complaints", "visitors",
    ]

    /// The data of a command with what the desk fills in: a raised finding's next id (`F-n`), and the severity's
    /// time to respond for a raised or reopened finding that does not give one. Anything else is returned as is.
    public func completing(_ data: Value, for event: String, in state: CaseState) -> Value {
        guard let action = action(of: event), action == .raiseFinding || action == .reopenFinding,
            case .object(var fields) = data
        else { return data }
        if action == .raiseFinding, fields["finding"] == nil || fields["finding"] == .null {
            var number = state.record.findings.count + 1
            while state.record.findings["F-\(number)"] != nil { number += 1 }
            fields["finding"] = .string("F-\(number)")
        }
        let severity: String?
        if action == .raiseFinding, case .string(let grade)? = fields["severity"] {
            severity = grade
        } else if case .string(let id)? = fields["finding"] {
            severity = state.record.findings[id]?.severity
        } else {
            severity = nil
        }
        if fields["respondWithin"] == nil || fields["respondWithin"] == .null,
            let window = severity.flatMap(framework.findingSeverity)?.respondWithin
        {
            fields["respondWithin"] = .string(window.iso8601)
        }
        return .object(fields)
    }

    @inline(__always)
    private func externalEvent(_ command: CaseCommand) -> ExternalEvent {
        if let timer = command.timerID { return .timer(timer, at: command.at) }
        return ExternalEvent(name: command.name, data: command.data, at: command.at, origin: command.actor)
    }
}

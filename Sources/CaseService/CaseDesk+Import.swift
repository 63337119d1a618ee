import AccreditEngine
import EvidenceStore
import Statecharts

/// One event of a case's history in an earlier system, to import.
public struct ImportedEvent: Hashable, Sendable {
    /// The event name, as the workflow declares it.
    public var name: String
    /// Who sent it: a registered person (deadlines are re-derived, never imported).
    public var actor: String
    /// When it happened in the earlier system.
    public var occurredAt: Instant
    /// The event data.
    public var data: Value

    /// Creates an event to import.
    public init(name: String, actor: String, occurredAt: Instant, data: Value = .null) {
        self.name = name
        self.actor = actor
        self.occurredAt = occurredAt
        self.data = data
    }
}

/// One case of an import: its id, organisation, definitions, when it opened and its history.
public struct CaseImport: Sendable {
    /// The new case's id.
    public var caseID: String
    /// The organisation it is for.
    public var organisation: String
    /// The workflow version it runs.
    public var workflow: DefinitionReference
    /// The framework version; nil takes the one the workflow declares.
    public var framework: DefinitionReference?
    /// When it opened in the earlier system.
    public var openedAt: Instant
    /// Its events, in the order they happened.
    public var events: [ImportedEvent]

    /// Creates a case to import.
    public init(
        caseID: String, organisation: String, workflow: DefinitionReference, framework: DefinitionReference?,
        openedAt: Instant, events: [ImportedEvent]
    ) {
        self.caseID = caseID
        self.organisation = organisation
        self.workflow = workflow
        self.framework = framework
        self.openedAt = openedAt
        self.events = events
    }
}

extension CaseDesk {
    /// Imports a case with its history from an earlier system, as an administrator: the only way to record events
    /// at times other than the store's. Every event passes the same rules as a live one at the time it happened
    /// (the person's organisation, read-only roles, conflicts of interest, the workflow and the case rules); the
    /// events are stored marked imported, with the time they happened and the time they were recorded. The case
    /// and all its events are written in one transaction, or nothing is.
    ///
    /// - Parameter framework: The framework version; nil takes the one the workflow declares.
    /// - Returns: The imported case.
    /// - Throws: ``CaseRefusal`` (`access.cases.import`, `import.time` for times out of order or in the store's
    ///   future, `import.system` for a `system` event, or the rule an event breaks, with its position), or
    ///   ``StoreError`` (a taken case id, unknown organisation or definitions).
    @discardableResult
    public func importCase(
        _ caseID: String, organisation: String, workflow: DefinitionReference, framework: DefinitionReference?,
        openedAt: Instant, events: [ImportedEvent], by actorID: String
    ) throws -> OpenCase {
        try require(.importCases, by: actorID)
        var actors: [String: Actor] = [:]
        let prepared = try checkedImport(
            CaseImport(
                caseID: caseID, organisation: organisation, workflow: workflow, framework: framework,
                openedAt: openedAt, events: events), actors: &actors)
        try log.importCases([prepared])
        return try load(caseID)
    }

    /// A case's history checked as ``importCase(_:organisation:workflow:framework:openedAt:events:by:)`` checks it,
    /// ready to write: every event replayed under the rules at the time it happened. `actors` keeps the people
    /// already looked up, across the cases of one import.
    ///
    /// - Throws: ``CaseRefusal`` naming the event and the rule, or ``StoreError``.
    func checkedImport(_ request: CaseImport, actors: inout [String: Actor]) throws -> ImportedCase {
        let caseID = request.caseID
        let organisation = request.organisation
        let workflow = request.workflow
        let openedAt = request.openedAt
        let events = request.events
        let framework = try request.framework ?? declaredFramework(of: workflow)
        let definitions = try self.definitions(workflow: workflow, framework: framework)
        let machine = definitions.machine
        let now = try now()
        guard !events.isEmpty else {
            throw CaseRefusal(rule: "import.empty", message: "there are no events to import into \(caseID)")
        }
        guard openedAt <= now else {
            throw CaseRefusal(
                rule: "import.time",
                message: "the case opened at \(openedAt.iso8601), after the store's time \(now.iso8601); "
                    + "imported history lies in the past")
        }
        var state = machine.open(caseID: caseID, at: openedAt)
        var previous = openedAt
        var pending: [String: TimerChange] = [:]
        var stored: [NewEvent] = []
        // Conflicts declared in the history: written to the register with the case, and counted for the events after.
        var declarations: [PostgresStatement] = []
        var declared: Set<String> = []
        for (index, given) in events.enumerated() {
            var event = given
            let position = "event \(index + 1) (\(event.name) by \(event.actor) at \(event.occurredAt.iso8601))"
            guard event.occurredAt >= previous, event.occurredAt <= now else {
                throw CaseRefusal(
                    rule: "import.time",
                    message:
                        "\(position) is \(event.occurredAt < previous ? "earlier than the event before it" : "after the store's time \(now.iso8601)"); "
                        + "give the events in the order they happened, none in the future")
            }
            // A held visit carries a plan the store made: an earlier system's history cannot claim one.
            if machine.action(of: event.name) == .holdVisit {
                throw CaseRefusal(
                    rule: "import.visit",
                    message: "\(position) records a visit planned in this store (acc:action=\"hold-visit\"); an "
                        + "imported history cannot hold one: import the visit's report as a note on another event")
            }
            // A scope copies the directory's services, as a live declaration does.
            if [.declareScope, .requestScopeChange].contains(machine.action(of: event.name)) {
                event.data = try completingScope(event.data, organisation: organisation)
            }
            let actor: Actor
            if let known = actors[event.actor] {
                actor = known
            } else {
                actor = try directory.actor(event.actor)
                actors[event.actor] = actor
            }
            if actor.id == "system" || actor.roles.contains("system") {
                throw CaseRefusal(
                    rule: "import.system",
                    message: "\(position) names the system actor; deadlines are not imported: the imported case "
                        + "sets its own deadlines from its history, and they are delivered when they fall due")
            }
            do {
                try checkAccess(
                    actor, machine: machine, organisation: organisation, event: event.name, at: event.occurredAt)
                let command = CaseCommand(
                    name: event.name, data: event.data, actor: actor.id, roles: actor.roles, at: event.occurredAt)
                let action = machine.action(of: event.name)
                if declared.contains(actor.id), action != .declareConflict,
                    CaseAccess.isConflictChecked(kinds: machine.roleKinds.kinds(of: actor.roles), action: action)
                {
                    throw CaseRefusal(
                        rule: "impartiality.conflict-of-interest",
                        message: "\(actor.id) declared a conflict of interest with \(organisation) earlier in this "
                            + "history and may not assess or decide its case")
                }
                if action == .assign, case .string(let person)? = event.data["person"], declared.contains(person) {
                    throw CaseRefusal(
                        rule: "team.conflict-of-interest",
                        message: "\(person) declared a conflict of interest with \(organisation) earlier in this "
                            + "history and cannot be assigned to its case")
                }
                try teamCheck(command, machine: machine, state: state)
                if action == .declareConflict {
                    declarations.append(
                        Self.declaration(
                            by: actor.id, with: organisation, in: caseID, data: event.data, at: event.occurredAt))
                    declared.insert(actor.id)
                }
                if action == .assign,
                    let refusal = try assignmentRefusal(
                        event.data, machine: machine, organisation: organisation, at: event.occurredAt)
                {
                    throw refusal
                }
                if let member = machine.panelMembers(event: event.name, data: event.data, record: state.record).first(
                    where: declared.contains)
                {
                    throw CaseRefusal(
                        rule: "appeal.panel-conflict",
                        message: "\(member) declared a conflict of interest with \(organisation) earlier in this "
                            + "history and cannot hear its appeal")
                }
                if let refusal = try panelRefusal(
                    command, machine: machine, record: state.record, organisation: organisation)
                {
                    throw refusal
                }
                switch machine.decide(command, state: state) {
                case .success(let (next, effects)):
                    state = next
                    for effect in effects {
                        switch effect {
                        case .scheduleTimer(let request):
                            pending[request.id] = .schedule(
                                id: request.id, due: request.due, event: request.event.name, data: request.event.data)
                        case .cancelTimer(let id): pending[id] = nil
                        case .log, .send: break
                        }
                    }
                case .failure(let refusal): throw refusal
                }
            } catch let refusal as CaseRefusal {
                throw CaseRefusal(rule: refusal.rule, message: "\(position): \(refusal.message); nothing was imported")
            }
            stored.append(
                NewEvent(type: event.name, actor: actor.id, occurredAt: event.occurredAt, payload: event.data))
            previous = event.occurredAt
        }
        return ImportedCase(
            NewCase(
                caseID: caseID, organisationID: organisation, workflow: workflow, framework: framework,
                openedAt: openedAt, imported: true),
            events: stored, definitionHash: definitions.definitionHash,
            projection: CaseProjection(
                status: state.status, configuration: state.snapshot.configuration, deadlines: state.deadlines),
            timers: pending.keys.sorted().compactMap { pending[$0] }, alsoStatements: declarations)
    }
}

/// The pure decision core of a case: given its state and a command, either the new state and the deadlines to
/// schedule, or a refusal naming the rule. Replay is a fold of ``apply(_:to:)`` over the stored events.
///
/// A machine holds one interpreter whose guard functions read the case's facts from a private box that is set
/// before each event, so it is cheap to reuse across a whole replay. Use one machine per task.
public final class CaseMachine {
    /// The workflow document.
    public let document: Document
    /// The framework the case is assessed against.
    public let framework: Framework
    private let facts: FactsBox
    private let index: FrameworkIndex
    private let interpreter: Interpreter
    private let policy: WorkflowPolicy
    /// Whether events that can only select inert transitions skip the full interpreter (tests turn it off to
    /// compare the two).
    var inertShortcut = true
    /// The inert outcomes of the event name folded last: replays see long runs of one name.
    private var lastOutcomes: (name: String, outcomes: [InertSelection.Outcome]?) = ("", nil)

    /// Events that only an impartial decision maker may send: nobody who uploaded, rated or reviewed in the case.
    public static let impartialEvents: Set<String> = Set(impartialEventList)
    /// ``impartialEvents`` as a list, which the per-event check scans (three names) rather than hashes.
    static let impartialEventList = ["decision.record", "appeal.uphold", "appeal.dismiss"]

    /// Builds the machine for a workflow and framework.
    ///
    /// - Throws: ``DocumentError`` when the workflow cannot be compiled.
    public init(document: Document, framework: Framework) throws(DocumentError) {
        self.document = document
        self.framework = framework
        let box = FactsBox(framework: framework)
        self.facts = box
        self.index = FrameworkIndex(framework)
        var functions: [String: HostFunctions.Function] = [:]
        for name in CaseHostFunctions.names {
            functions[name] = Self.forwarding(name, to: box)
        }
        self.interpreter = try Interpreter(document: document, hostFunctions: HostFunctions(functions))
        self.policy = WorkflowPolicy(interpreter: interpreter)
    }

    /// A guard function that answers from whatever facts the box holds when it is called.
    private static func forwarding(_ name: String, to box: FactsBox) -> HostFunctions.Function {
        let call: HostFunctions.Function = { arguments throws(ExpressionError) -> Value in
            try CaseHostFunctions.call(name, arguments, facts: box.facts)
        }
        return call
    }

    /// The interpreter, for restoring stored snapshots.
    var interpreterForSnapshots: Interpreter { interpreter }

    /// The state of a newly opened case.
    public func open(caseID: String, at time: Instant) -> CaseState {
        CaseState(snapshot: interpreter.start(at: time, sessionID: caseID).snapshot, record: CaseRecord())
    }

    /// Decides a command: checks the domain rules, impartiality and the workflow's roles and guards, then runs it.
    ///
    /// - Returns: The state after the command and the engine's effects (deadlines to schedule or cancel).
    public func decide(_ command: CaseCommand, state: CaseState) -> Result<(CaseState, [Effect]), CaseRefusal> {
        let change: CaseRules.Change
        switch CaseRules.check(command, record: state.record, framework: index) {
        case .success(let checked): change = checked
        case .failure(let refusal): return .failure(refusal)
        }
        let event = externalEvent(command, state: state)
        if command.timerID == nil {
            if case .failure(let refusal) = policy.check(event, actorRoles: command.roles, snapshot: state.snapshot) {
                return .failure(CaseRefusal(rule: "workflow.\(refusal.code.rawValue)", message: refusal.description))
            }
        }
        return run(command, change: change, event: event, state: state)
    }

    /// Re-applies a stored event without role checks (roles are checked when the event is accepted; they may
    /// change later), but with every other rule: an event the workflow would not take is reported.
    public func apply(_ envelope: EventEnvelope, to state: CaseState) -> Result<(CaseState, [Effect]), CaseRefusal> {
        var next = state
        return fold(envelope, into: &next).map { effects in (next, effects) }
    }

    /// ``apply(_:to:)`` in place, for replay: one interpreter pass per event and no copy of the case record.
    /// On a refusal the state is left as it was.
    public func fold(_ envelope: EventEnvelope, into state: inout CaseState) -> Result<[Effect], CaseRefusal> {
        let command = CaseCommand(envelope: envelope, roles: [])
        let change: CaseRules.Change
        switch CaseRules.check(command, record: state.record, framework: index) {
        case .success(let checked): change = checked
        case .failure(let refusal): return .failure(refusal)
        }
        guard state.snapshot.root.running || command.timerID != nil else {
            return .failure(notAccepted(envelope, state))
        }
        if lastOutcomes.name != command.name {
            lastOutcomes = (command.name, interpreter.inertOutcomes(for: command.name))
        }
        if inertShortcut, command.timerID == nil, let outcomes = lastOutcomes.outcomes,
            let enabled = interpreter.inertSelection(outcomes, at: command.at, in: state.snapshot)
        {
            guard enabled else { return .failure(notAccepted(envelope, state)) }
            Interpreter.bindInert(
                Event(name: command.name, origin: command.actor, data: command.data), at: command.at,
                in: &state.snapshot)
            CaseRules.record(change, by: command.actor, into: &state.record)
            state.record.version += 1
            return .success([])
        }
        let event = externalEvent(command, state: state)
        defer { facts.clear() }
        let processed =
            inertShortcut
            ? interpreter.process(event, snapshot: state.snapshot, tracing: false)
            : interpreter.processFully(event, snapshot: state.snapshot, tracing: false)
        switch processed {
        case .failure(let rejection):
            return .failure(CaseRefusal(rule: "workflow.rejected", message: "\(rejection)"))
        case .success(let step):
            guard step.eventEnabledTransition else { return .failure(notAccepted(envelope, state)) }
            facts.clear()
            state.snapshot = step.snapshot
            CaseRules.record(change, by: command.actor, into: &state.record)
            state.record.version += 1
            return .success(step.effects)
        }
    }

    private func notAccepted(_ envelope: EventEnvelope, _ state: CaseState) -> CaseRefusal {
        CaseRefusal(
            rule: "workflow.not-accepted",
            message: "event \(envelope.seq) (\(envelope.type)) is not accepted in state \(state.status)")
    }

    /// The events an actor may send now, with their roles and guards.
    public func acceptedEvents(roles: Set<String>, state: CaseState, at time: Instant) -> [AcceptedEvent] {
        facts.set(state, at: time)
        return policy.acceptedEvents(roles: roles, in: state.snapshot)
    }

    /// The framework's assessment of the case so far: coverage, scores and the award rule that decides.
    public func assessment(of state: CaseState) throws(FrameworkAssessmentError) -> FrameworkAssessment {
        try FrameworkAssessment(
            framework: framework, ratings: state.record.ratings, evidenceCounts: state.record.submittedCounts)
    }

    private func externalEvent(_ command: CaseCommand, state: CaseState) -> ExternalEvent {
        facts.set(state, at: command.at)
        if let timer = command.timerID { return .timer(timer, at: command.at) }
        return ExternalEvent(name: command.name, data: command.data, at: command.at, origin: command.actor)
    }

    private func run(_ command: CaseCommand, change: CaseRules.Change, event: ExternalEvent, state: CaseState)
        -> Result<(CaseState, [Effect]), CaseRefusal>
    {
        let processed =
            inertShortcut
            ? interpreter.process(event, snapshot: state.snapshot)
            : interpreter.processFully(event, snapshot: state.snapshot)
        switch processed {
        case .failure(let rejection):
            return .failure(CaseRefusal(rule: "workflow.rejected", message: "\(rejection)"))
        case .success(let step):
            var next = CaseState(snapshot: step.snapshot, record: state.record)
            CaseRules.record(change, by: command.actor, into: &next.record)
            next.record.version += 1
            return .success((next, step.effects))
        }
    }
}

/// The mutable cell the guard functions read; only ``CaseMachine`` writes it, before each event. The facts are built
/// only when a guard actually asks (most events have no guard), so replay does not pay for them.
final class FactsBox: @unchecked Sendable {
    private let framework: Framework
    private var state: CaseState?
    private var time: Instant = .epoch
    private var cached: CaseFacts?

    init(framework: Framework) {
        self.framework = framework
    }

    /// Lets go of the state, so the caller holds the only reference and can change it in place.
    func clear() {
        state = nil
        cached = nil
    }

    /// Points the box at a state and the event's time.
    func set(_ state: CaseState, at time: Instant) {
        self.state = state
        self.time = time
        cached = nil
    }

    /// The facts of the current state at the current time.
    var facts: CaseFacts {
        if let cached { return cached }
        let record = state?.record ?? CaseRecord()
        let built = CaseFacts(
            framework: framework, ratings: record.ratings, submittedEvidence: record.submittedCounts,
            acceptedEvidence: record.acceptedCounts, awardExpiry: state?.awardExpiry, now: time)
        cached = built
        return built
    }
}

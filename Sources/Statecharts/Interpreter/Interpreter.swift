/// The deterministic SCXML interpreter: a pure function from (snapshot, event) to (snapshot, effects).
///
/// It reads no clock, files or randomness: time arrives with each ``ExternalEvent``, delayed sends come back as
/// ``Effect/scheduleTimer(_:)`` effects, and child documents are resolved by the loader before the machine runs, or,
/// when an `<invoke>` chooses its document as it runs, asked of ``documents``.
public struct Interpreter: Sendable {
    /// The compiled document.
    @usableFromInline let chart: Chart
    /// Whether events that can only select inert transitions skip the full algorithm (see ``InertSelection``);
    /// differential tests turn it off to compare the two paths.
    public var usesInertShortcut = true
    /// Where child documents chosen at run time (`<invoke srcexpr>`, `<content expr>`) come from; nil makes those
    /// invokes raise `error.execution`. Restoring a snapshot that holds such a document needs it too.
    public var documents: (any DocumentSource)? {
        get { documentBox?.source }
        set { documentBox = newValue.map(DocumentSourceBox.init) }
    }
    /// ``documents`` behind one reference, so that an interpreter and each machine stay small to copy.
    var documentBox: DocumentSourceBox?

    /// Compiles a document: resolves targets and parses every expression.
    /// - Parameters:
    ///   - document: The document (with the child documents it names statically already loaded).
    ///   - documents: Where child documents chosen at run time come from; nil refuses them.
    /// - Throws: ``DocumentError`` listing every problem, each with its line.
    public init(document: Document, documents: (any DocumentSource)? = nil) throws(DocumentError) {
        self.chart = try ChartBuilder.build(document).get()
        self.documentBox = documents.map(DocumentSourceBox.init)
    }

    /// The document this interpreter runs.
    public var document: Document { chart.document }

    /// What compiles but fails when it runs, in document order: a location that can never be assigned (a system
    /// variable such as `_event`, or an expression that is not a location) raises `error.execution` when it is
    /// assigned, as the spec says, so that the document can handle the error. Authors should fix them.
    public var warnings: [DocumentIssue] { chart.warnings }

    /// Starts a new session: binds data, enters the initial configuration and runs the first macrostep.
    /// - Parameters:
    ///   - time: The instant the session starts (delays are measured from it).
    ///   - sessionID: The session id exposed as `_sessionid`.
    ///   - host: The functions expressions may call during this step.
    /// - Returns: The first snapshot and its effects.
    public func start(at time: Instant, sessionID: String = "session", host: any HostFunctions = .none) -> Step {
        var machine = Machine(
            chart: chart, session: Session(sessionID: sessionID, parentSessionID: nil, stateCount: chart.states.count),
            host: host, now: time, timerSequence: 0)
        machine.documentBox = documentBox
        machine.interpret()
        machine.run()
        if machine.runaway {
            machine.session.running = false
            let reason = Rejection.runaway(limit: Machine.microstepLimit).description
            machine.effects.append(
                .log(LogLine(sessionID: sessionID, label: "error", value: .string(reason), line: chart.document.line)))
        }
        var result = step(from: machine, time: time)
        if machine.runaway { result.runawayMicrosteps = Self.microstepLimit }
        return result
    }

    /// The most microsteps one call may run before the interpreter stops a chart that never becomes stable (an
    /// eventless or raised-event loop): the start then reports ``Step/runawayMicrosteps``, an event
    /// ``Rejection/runaway(limit:)``.
    public static var microstepLimit: Int { Machine.microstepLimit }

    /// Processes one external event (or timer firing) and every macrostep it leads to, children included.
    /// - Parameters:
    ///   - event: The event and its time.
    ///   - snapshot: The state to continue from.
    ///   - host: The functions expressions may call while the event is processed.
    ///   - tracing: Whether to record each macrostep in ``Step/macrosteps`` (replay turns it off).
    /// - Returns: The new snapshot and effects, or why the event cannot be processed.
    public func process(
        _ event: ExternalEvent, snapshot: Snapshot, host: any HostFunctions = .none, tracing: Bool = true
    ) -> Result<Step, Rejection> {
        if usesInertShortcut, let step = inertStep(event, snapshot: snapshot, tracing: tracing) {
            return .success(step)
        }
        return processFully(event, snapshot: snapshot, host: host, tracing: tracing)
    }

    /// ``process(_:snapshot:host:tracing:)`` through the full algorithm, never the inert shortcut.
    @usableFromInline
    func processFully(_ event: ExternalEvent, snapshot: Snapshot, host: any HostFunctions, tracing: Bool)
        -> Result<Step, Rejection>
    {
        var machine: Machine
        switch enqueue(event, snapshot: snapshot) {
        case .success(let queued):
            machine = Machine(
                chart: chart, session: queued.root, host: host, now: event.time,
                timerSequence: snapshot.timerSequence)
            machine.effects = queued.effects
            machine.tracing = tracing
            machine.liveSessions = queued.root.liveSessionCount
            machine.documentBox = documentBox
        case .failure(let rejection):
            return .failure(rejection)
        }
        machine.run()
        if machine.runaway { return .failure(.runaway(limit: Machine.microstepLimit)) }
        var result = step(from: machine, time: event.time)
        result.eventEnabledTransition = event.timerID != nil || machine.firstEventEnabledTransition ?? false
        return .success(result)
    }

    /// Queues an external event (or fires a timer) without running any macrostep; see ``macrostep(_:)``.
    ///
    /// `process` is `deliver` followed by `macrostep` until the snapshot is idle; hosts that persist a snapshot
    /// after every macrostep use the two halves.
    /// - Returns: The snapshot with the event queued (and, for a timer bound outside the machine, its `.send`
    ///   effect), or why the event cannot be accepted.
    public func deliver(_ event: ExternalEvent, to snapshot: Snapshot) -> Result<Step, Rejection> {
        enqueue(event, snapshot: snapshot).map { queued in
            Step(
                snapshot: Snapshot(
                    chart: chart, root: queued.root, time: event.time, timerSequence: snapshot.timerSequence),
                effects: queued.effects, macrosteps: [])
        }
    }

    /// Checks an event against a snapshot and returns the root session with the event queued.
    func enqueue(_ event: ExternalEvent, snapshot: Snapshot) -> Result<(root: Session, effects: [Effect]), Rejection> {
        guard snapshot.chart.isSameDocument(as: chart) else { return .failure(.foreignSnapshot) }
        guard snapshot.root.running else {
            return .failure(.halted(finalState: snapshot.finalState))
        }
        guard event.time >= snapshot.time else {
            return .failure(.timeWentBackwards(snapshot: snapshot.time, event: event.time))
        }
        var root = snapshot.root
        var effects: [Effect] = []
        if let timerID = event.timerID {
            guard let outgoing = root.fireTimer(timerID) else { return .failure(.unknownTimer(timerID)) }
            if let outgoing { effects.append(.send(outgoing)) }
        } else {
            let external = event.event
            root.externalQueue.append(external)
        }
        return .success((root, effects))
    }

    /// Runs the next pending macrostep (of the root or of an invoked child), at the snapshot's time.
    /// - Parameters:
    ///   - snapshot: The state to continue from.
    ///   - host: The functions expressions may call during the macrostep.
    /// - Returns: The new snapshot and effects; ``Rejection/idle`` when nothing is pending.
    public func macrostep(_ snapshot: Snapshot, host: any HostFunctions = .none) -> Result<Step, Rejection> {
        guard snapshot.chart.isSameDocument(as: chart) else { return .failure(.foreignSnapshot) }
        guard !snapshot.isIdle else { return .failure(.idle) }
        var machine = Machine(
            chart: chart, session: snapshot.root, host: host, now: snapshot.time,
            timerSequence: snapshot.timerSequence)
        machine.documentBox = documentBox
        machine.liveSessions = snapshot.root.liveSessionCount
        _ = machine.runOneMacrostep()
        if machine.runaway { return .failure(.runaway(limit: Machine.microstepLimit)) }
        return .success(step(from: machine, time: snapshot.time))
    }

    /// Packages a machine's result.
    func step(from machine: Machine, time: Instant) -> Step {
        Step(
            snapshot: Snapshot(chart: chart, root: machine.session, time: time, timerSequence: machine.timerSequence),
            effects: machine.effects, macrosteps: machine.trace)
    }
}

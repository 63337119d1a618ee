/// Runs a document against a simulated clock: the given events first, then each pending timer in due order.
///
/// Used by the command-line `workflow simulate`, the conformance tests and the benchmarks.
public struct Simulation: Sendable {
    /// An event to deliver, with an optional JSON payload.
    public struct Input: Hashable, Sendable {
        /// The event name.
        public var name: String
        /// The payload.
        public var data: Value

        /// Creates an input event.
        public init(name: String, data: Value = .null) {
            self.name = name
            self.data = data
        }
    }

    /// The outcome of a simulation.
    public struct Outcome: Sendable {
        /// Every macrostep run, in order.
        public var macrosteps: [MacrostepRecord]
        /// Every effect produced, in order.
        public var effects: [Effect]
        /// The last snapshot.
        public var snapshot: Snapshot
        /// Rejections met while delivering inputs (e.g. events after the machine halted).
        public var rejections: [Rejection]
        /// The simulated time at the end.
        public var clock: Instant
        /// When the interpreter stopped a runaway (more microsteps in one call than
        /// ``Interpreter/microstepLimit``, so the chart never became stable): how many microsteps it ran first.
        /// The simulation stops there. Nil when every step settled.
        public var runawayMicrosteps: Int?
    }

    /// The interpreter to run.
    public var interpreter: Interpreter
    /// The simulated start time.
    public var start: Instant
    /// Encode every snapshot to canonical JSON and continue from the decoded copy.
    public var roundTripSnapshots: Bool
    /// The most timers to deliver before giving up (guards against endless timer loops).
    public var maximumTimers: Int
    /// The functions expressions may call while the simulated clock shows a given time (the start, or the time of
    /// the event being delivered), so that functions about dates answer as of that time.
    public var hostAt: @Sendable (Instant) -> any HostFunctions
    /// The functions expressions may call at a time with the machine in a state (nil at the start), when they answer
    /// from its pending timers too; ``hostAt`` when not given.
    public var hostIn: (@Sendable (Instant, Snapshot?) -> any HostFunctions)?

    /// Creates a simulation whose host functions do not depend on the time.
    public init(
        interpreter: Interpreter, start: Instant, roundTripSnapshots: Bool = false, maximumTimers: Int = 10_000,
        host: any HostFunctions = .none
    ) {
        self.init(
            interpreter: interpreter, start: start, roundTripSnapshots: roundTripSnapshots,
            maximumTimers: maximumTimers, hostAt: { _ in host })
    }

    /// Creates a simulation whose host functions are made for the simulated time of each event.
    ///
    /// - Parameters:
    ///   - interpreter: The interpreter to run.
    ///   - start: The simulated start time.
    ///   - roundTripSnapshots: Encode every snapshot to canonical JSON and continue from the decoded copy.
    ///   - maximumTimers: The most timers to deliver.
    ///   - hostAt: The host functions for a time: the start, then each delivered event's time.
    public init(
        interpreter: Interpreter, start: Instant, roundTripSnapshots: Bool = false, maximumTimers: Int = 10_000,
        hostAt: @escaping @Sendable (Instant) -> any HostFunctions
    ) {
        self.interpreter = interpreter
        self.hostAt = hostAt
        self.start = start
        self.roundTripSnapshots = roundTripSnapshots
        self.maximumTimers = maximumTimers
    }

    /// Runs the inputs, then advances the clock to each next timer while the machine is idle and running.
    /// - Throws: ``SnapshotError`` when a round-tripped snapshot cannot be restored.
    public func run(_ inputs: [Input] = []) throws(SnapshotError) -> Outcome {
        let first = interpreter.start(at: start, host: host(at: start, in: nil))
        var outcome = Outcome(
            macrosteps: first.macrosteps, effects: first.effects, snapshot: try roundTrip(first.snapshot),
            rejections: [], clock: start, runawayMicrosteps: first.runawayMicrosteps)
        for input in inputs {
            guard !outcome.snapshot.isHalted, outcome.runawayMicrosteps == nil else { break }
            try deliver(ExternalEvent(name: input.name, data: input.data, at: outcome.clock), into: &outcome)
        }
        var delivered = 0
        while !outcome.snapshot.isHalted, outcome.runawayMicrosteps == nil, delivered < maximumTimers,
            let next = outcome.snapshot.pendingTimers.first
        {
            outcome.clock = max(outcome.clock, next.due)
            try deliver(.timer(next.id, at: outcome.clock), into: &outcome)
            delivered += 1
        }
        return outcome
    }

    /// Delivers one event: in one `process` call, or (when round-tripping) one macrostep at a time with the
    /// snapshot encoded and restored after each.
    func deliver(_ event: ExternalEvent, into outcome: inout Outcome) throws(SnapshotError) {
        let host = self.host(at: outcome.clock, in: outcome.snapshot)
        guard roundTripSnapshots else {
            apply(interpreter.process(event, snapshot: outcome.snapshot, host: host), to: &outcome)
            return
        }
        guard apply(interpreter.deliver(event, to: outcome.snapshot), to: &outcome) else { return }
        outcome.snapshot = try roundTrip(outcome.snapshot)
        while !outcome.snapshot.isIdle, apply(interpreter.macrostep(outcome.snapshot, host: host), to: &outcome) {
            outcome.snapshot = try roundTrip(outcome.snapshot)
        }
    }

    /// The host functions at `time` with the machine in `snapshot`.
    func host(at time: Instant, in snapshot: Snapshot?) -> any HostFunctions {
        hostIn?(time, snapshot) ?? hostAt(time)
    }

    /// Records a step or a rejection; true for a step.
    @discardableResult
    func apply(_ result: Result<Step, Rejection>, to outcome: inout Outcome) -> Bool {
        switch result {
        case .success(let step):
            outcome.macrosteps += step.macrosteps
            outcome.effects += step.effects
            outcome.snapshot = step.snapshot
            return true
        case .failure(.runaway(let limit)):
            outcome.runawayMicrosteps = limit
            return false
        case .failure(let rejection):
            outcome.rejections.append(rejection)
            return false
        }
    }

    func roundTrip(_ snapshot: Snapshot) throws(SnapshotError) -> Snapshot {
        guard roundTripSnapshots else { return snapshot }
        return try interpreter.restore(canonicalJSON: snapshot.canonicalJSON())
    }
}

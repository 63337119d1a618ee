/// Runs one session's Appendix D algorithm over its ``Session`` value; every phase is a method named as in the spec.
struct Machine {
    let chart: Chart
    var session: Session
    let host: any HostFunctions
    /// The time of the event being processed.
    var now: Instant
    /// Effects for the host, in order.
    var effects: [Effect] = []
    /// Events this session sent to its parent (`#_parent`, `done.invoke`).
    var toParent: [Event] = []
    /// Macrostep trace.
    var trace: [MacrostepRecord] = []
    /// What `<log>` wrote since the last trace record (only while tracing).
    var pendingLogs: [LogLine] = []
    /// States entered during the current macrostep whose invokes have not started yet.
    var statesToInvoke: StateSet
    /// Shared counter ordering timers across all sessions of the root.
    var timerSequence: Int
    /// Microsteps taken in this call, to stop documents that never become stable.
    var microsteps = 0
    /// Set when ``microstepLimit`` was exceeded; every loop stops at once.
    var runaway = false
    /// Whether the first external event this session processed enabled a transition; nil until one is processed.
    var firstEventEnabledTransition: Bool?
    /// Whether macrosteps are recorded in ``trace`` (replay turns it off).
    var tracing = true
    /// Where child documents chosen at run time come from; nil refuses them.
    var documentBox: DocumentSourceBox?
    /// How many invokes this session is nested in (0 for the root).
    var depth = 0
    /// The sessions alive in the root's tree, this one included, kept up to date through the call by this machine
    /// and every machine it runs (shared like ``microsteps``); the interpreter counts them when the call starts.
    var liveSessions = 1
    /// Bytes of child documents chosen at run time that this call has loaded (shared like ``microsteps``).
    var documentBytes = 0

    /// The most microsteps one call may take (an eventless or raise loop that never settles).
    static let microstepLimit = 100_000

    /// The deepest invoked sessions may nest: a document that invokes itself through `srcexpr` stops there with
    /// `error.execution` instead of recursing until the process runs out of stack.
    static let invocationDepthLimit = 16

    /// The most sessions alive at once in one root's tree: a document that invokes itself several times at each
    /// level would otherwise start exponentially many before the depth limit stops it. (Sessions that finish one
    /// after another are not limited.)
    static let liveSessionLimit = 1_000

    /// The most bytes of child documents chosen at run time that one call may load and compile, the files they
    /// include counted: each is parsed, compiled and kept in the snapshot.
    static let documentBytesPerCall = 8 << 20

    init(chart: Chart, session: Session, host: any HostFunctions, now: Instant, timerSequence: Int) {
        self.chart = chart
        self.session = session
        self.host = host
        self.now = now
        self.timerSequence = timerSequence
        self.statesToInvoke = StateSet(capacity: chart.states.count)
    }

    /// Where child documents chosen at run time come from; nil refuses them.
    var documents: (any DocumentSource)? { documentBox?.source }

    /// A scope over the current datamodel and configuration.
    var scope: MachineScope {
        MachineScope(
            chart: chart, data: session.data, configuration: session.configuration, event: session.event,
            sessionID: session.sessionID, host: host)
    }

    /// The `_ioprocessors` value: the SCXML Event I/O Processor and its location.
    static func ioProcessors(_ sessionID: String) -> Value {
        let processor: Value = .object(["location": .string("#_scxml_" + sessionID)])
        return .object([Event.scxmlProcessor: processor, "scxml": processor])
    }

    /// Queues `error.execution` (or another platform error) on the internal queue.
    mutating func raiseError(_ name: String, sendID: String? = nil, message: String, line: Int) {
        session.internalQueue.append(
            Event(
                name: name, type: .platform, sendID: sendID,
                data: .object(["message": .string(message), "line": .integer(Int64(line))])))
    }

    /// Evaluates an expression, raising `error.execution` and returning nil when it fails.
    mutating func evaluate(_ expression: Expression, line: Int) -> Value? {
        do {
            return try expression.evaluate(in: scope)
        } catch {
            raiseError("error.execution", message: error.message, line: line)
            return nil
        }
    }

    /// The ids of the active states in document order.
    var configurationIDs: [String] {
        session.configuration.members.map { chart.states[$0].id }
    }

    /// Sets `_event`.
    mutating func setEvent(_ event: Event) {
        session.event = event
    }
}

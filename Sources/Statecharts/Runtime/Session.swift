/// The state of one running SCXML session (the root or an invoked child): everything that survives a macrostep.
struct Session: Sendable, Hashable {
    var sessionID: String
    var parentSessionID: String?
    /// The id the parent invoked this session under.
    var invokeID: String?
    /// The top-level final state the session halted in.
    var finalState: Int?
    var configuration: StateSet
    var data: [String: Value]
    /// Recorded history values by history state index, in document order.
    var history: [Int: [Int]]
    /// States whose `<data>` has been initialised (late binding).
    var bound: StateSet
    var internalQueue: [Event]
    var externalQueue: [Event]
    var running: Bool
    /// The current `_event`, if any event has been processed.
    var event: Event?
    var invocations: [Invocation]
    var timers: [PendingTimer]
    /// Counter for generated send ids, invoke ids and child session ids.
    var counter: Int

    init(sessionID: String, parentSessionID: String?, stateCount: Int) {
        self.sessionID = sessionID
        self.parentSessionID = parentSessionID
        invokeID = nil
        finalState = nil
        configuration = StateSet(capacity: stateCount)
        data = [:]
        history = [:]
        bound = StateSet(capacity: stateCount)
        internalQueue = []
        externalQueue = []
        running = true
        event = nil
        invocations = []
        timers = []
        counter = 0
    }

    /// This session and its running descendants.
    var liveSessionCount: Int {
        invocations.reduce(1) { count, invocation in count + (invocation.child?.liveSessionCount ?? 0) }
    }

    /// Whether this session or any running descendant was invoked with a document chosen at run time.
    var holdsRunTimeDocument: Bool {
        invocations.contains { $0.document != nil || ($0.child?.holdsRunTimeDocument ?? false) }
    }

    /// Whether this session or any descendant has external events waiting.
    var hasPendingWork: Bool {
        (running && !externalQueue.isEmpty) || invocations.contains { $0.child?.hasPendingWork ?? false }
    }
}

/// An active `<invoke>`: its id, where it was declared and the child's session (nil once the child has finished).
struct Invocation: Sendable, Hashable {
    var id: String
    var state: Int
    var invoke: Int
    var autoforward: Bool
    var child: Session?
    /// The child's document when it was chosen as the invoke ran (`srcexpr`, `<content expr>`); nil when the
    /// `<invoke>` names it statically.
    var document: ChildDocument? = nil
}

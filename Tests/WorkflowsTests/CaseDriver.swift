import AccreditEngine
import Statecharts
import Testing

/// Drives one case of a workflow the way the case layer does: the case's facts are the host functions the policy and
/// the interpreter are given with each event,
/// with timers delivered as events at their due time. Records every configuration it sees.
struct CaseDriver {
    let document: Document
    let policy: WorkflowPolicy
    var facts: CaseFacts
    var snapshot: Snapshot
    var visited: Set<String> = []

    init(document: Document, facts: CaseFacts) throws {
        self.document = document
        self.facts = facts
        policy = WorkflowPolicy(interpreter: try Interpreter(document: document))
        snapshot = policy.interpreter.start(at: facts.now, sessionID: "C-1", host: facts).snapshot
        visited.formUnion(snapshot.configuration)
    }

    /// The active atomic states.
    var states: [String] { policy.atomicStates(snapshot) }

    /// Sends an event one hour later as an actor; returns the refusal if there is one.
    @discardableResult
    mutating func send(_ name: String, as roles: Set<String>, data: Value = .null) throws -> WorkflowRefusal? {
        facts.now = facts.now.adding(microseconds: 3_600_000_000)
        syncDeadlines()
        let event = ExternalEvent(name: name, data: data, at: facts.now)
        switch policy.check(event, actorRoles: roles, snapshot: snapshot, host: facts) {
        case .failure(let refusal):
            return refusal
        case .success:
            snapshot = try policy.interpreter.process(event, snapshot: snapshot, host: facts).get().snapshot
            record()
            return nil
        }
    }

    /// Delivers the pending timer whose event is `name` at its due time; returns that time.
    @discardableResult
    mutating func fire(_ name: String) throws -> Instant {
        let timer = try #require(snapshot.pendingTimers.first { $0.event.name == name }, "no pending \(name)")
        facts.now = timer.due
        syncDeadlines()
        let event = ExternalEvent.timer(timer.id, at: timer.due)
        #expect(try policy.check(event, actorRoles: [], snapshot: snapshot, host: facts).get().isEmpty)
        snapshot = try policy.interpreter.process(event, snapshot: snapshot, host: facts).get().snapshot
        record()
        return timer.due
    }

    /// The facts' pending deadlines from the machine's timers, as the case layer gives them (`daysToDeadline()`).
    mutating func syncDeadlines() {
        facts.deadlines = snapshot.earliestDueByEvent
    }

    /// Adds the configuration, or the final state the machine halted in, to `visited`.
    mutating func record() {
        visited.formUnion(snapshot.configuration)
        if let final = snapshot.finalState { visited.insert(final) }
    }

    /// When the pending timer for `name` is due, if one is pending.
    func due(_ name: String) -> Instant? { snapshot.pendingTimers.first { $0.event.name == name }?.due }
}

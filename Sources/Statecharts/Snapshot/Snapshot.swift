/// Everything needed to continue a session: configuration, datamodel, history, queues, timers and invoked children.
///
/// Encode it with ``canonicalJSON()`` and restore it with ``Interpreter/restore(canonicalJSON:)``; continuing from a
/// restored snapshot gives exactly the same result as never having stopped.
public struct Snapshot: Sendable {
    /// The compiled document the snapshot belongs to.
    let chart: Chart
    /// The root session, with its children nested inside.
    var root: Session
    /// The time of the last processed event.
    public internal(set) var time: Instant
    /// The counter that orders timers.
    var timerSequence: Int

    init(chart: Chart, root: Session, time: Instant, timerSequence: Int) {
        self.chart = chart
        self.root = root
        self.time = time
        self.timerSequence = timerSequence
    }

    /// Whether no macrostep is pending (no queued external event in the root or any running child).
    public var isIdle: Bool { !root.hasPendingWork }

    /// Whether the machine has halted.
    public var isHalted: Bool { !root.running }

    /// The id of the top-level final state the machine halted in, if any.
    public var finalState: String? { root.finalState.map { chart.states[$0].id } }

    /// The active state ids in document order.
    public var configuration: [String] { root.configuration.members.map { chart.states[$0].id } }

    /// The root session's datamodel.
    public var data: [String: Value] { root.data }

    /// The session id.
    public var sessionID: String { root.sessionID }

    /// Every pending timer of the root and its children, earliest first (ties in scheduling order).
    public var pendingTimers: [TimerRequest] {
        var all: [PendingTimer] = []
        var sessionIDs: [String: String] = [:]
        func collect(_ session: Session) {
            for timer in session.timers {
                all.append(timer)
                sessionIDs[timer.id] = session.sessionID
            }
            for invocation in session.invocations { invocation.child.map(collect) }
        }
        collect(root)
        return all.sorted { ($0.due, $0.sequence) < ($1.due, $1.sequence) }.map {
            TimerRequest(id: $0.id, due: $0.due, event: $0.event, sessionID: sessionIDs[$0.id] ?? root.sessionID)
        }
    }
}

extension Snapshot {
    /// The earliest pending timer with this send id in the root or any child (ties in scheduling order): the first
    /// such entry of ``pendingTimers``, found without collecting and sorting them all.
    func earliestTimer(sendID: String) -> PendingTimer? {
        var earliest: PendingTimer?
        func visit(_ session: Session) {
            for timer in session.timers where timer.event.sendID == sendID {
                if let current = earliest, (current.due, current.sequence) <= (timer.due, timer.sequence) { continue }
                earliest = timer
            }
            for invocation in session.invocations { invocation.child.map(visit) }
        }
        visit(root)
        return earliest
    }
}

extension Snapshot: Equatable {
    /// Snapshots are equal when they hold the same state of the same document.
    public static func == (lhs: Snapshot, rhs: Snapshot) -> Bool {
        lhs.chart.isSameDocument(as: rhs.chart) && lhs.root == rhs.root && lhs.time == rhs.time
            && lhs.timerSequence == rhs.timerSequence
    }
}

extension Snapshot {
    /// When the earliest pending timer with this send id falls due, if one is pending (see ``pendingTimers``).
    /// - Parameter sendID: The `id` of the `<send>` that scheduled the timer.
    public func earliestDue(sendID: String) -> Instant? {
        earliestTimer(sendID: sendID)?.due
    }

    /// When the earliest pending timer that delivers each event falls due, by event name.
    public var earliestDueByEvent: [String: Instant] {
        var due: [String: Instant] = [:]
        for timer in pendingTimers where due[timer.event.name].map({ timer.due < $0 }) ?? true {
            due[timer.event.name] = timer.due
        }
        return due
    }
}

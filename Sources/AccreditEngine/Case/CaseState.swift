import Statecharts

/// A case as the fold of its log: the statechart snapshot and the record of ratings, evidence and involvement.
public struct CaseState: Sendable {
    /// The statechart's state.
    public var snapshot: Snapshot
    /// Ratings, evidence and who took part.
    public var record: CaseRecord
    /// What the last fold learnt about its event name (``AdvanceMemo``): a cache that never changes a result, kept
    /// here so that a replay loop needs nothing but the state.
    var memo = AdvanceMemo()
    /// The declared action of the last folded event name, for the same reason.
    var actionMemo = ActionMemo()
    /// The last verdict on who sent an event (``CaseMachine/senderRefusal(_:from:organisation:in:)``), likewise.
    var senderMemo = SenderMemo()

    /// Creates a state.
    public init(snapshot: Snapshot, record: CaseRecord) {
        self.snapshot = snapshot
        self.record = record
    }

    /// The active atomic states, in document order: a short status for people.
    public var status: String {
        if let final = snapshot.finalState { return final }
        return snapshot.activeLeaves.joined(separator: ",")
    }

    /// Pending deadlines as JSON: timer id → due time, event and the send id that scheduled it.
    public var deadlines: Value {
        .object(
            Dictionary(
                uniqueKeysWithValues: snapshot.pendingTimers.map { timer in
                    (
                        timer.id,
                        [
                            "due": .string(timer.due.iso8601), "event": .string(timer.event.name),
                            "sendid": timer.event.sendID.map(Value.string) ?? .null,
                        ]
                    )
                }))
    }
}

/// The action a machine declares for the event name folded last (a cache that never changes a result: it is keyed by
/// the machine's parts as well as the name).
struct ActionMemo: Sendable {
    var policy: (any AnyObject & Sendable)?
    var name = ""
    var action: TransitionAction?
}

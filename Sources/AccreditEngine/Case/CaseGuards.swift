import Statecharts

/// The workflow's guard functions for one command: they answer from the case's state and the event's time.
///
/// The facts (``CaseFacts``) are built only when a guard calls a function, so events without guards, the most
/// common in a replay, do not pay for them.
struct CaseGuards: HostFunctions {
    /// The framework the case is assessed against.
    let framework: Framework
    /// The case's record before the event.
    let record: CaseRecord
    /// The case's statechart before the event (for the award's expiry).
    let snapshot: Snapshot
    /// The send id of the timer that ends the award (`acc:award-expiry`), if the workflow declares one.
    let awardTimer: String?
    /// The event's time (from its envelope, never a clock).
    let time: Instant

    /// The case's facts at the event's time.
    var facts: CaseFacts {
        var facts = CaseFacts(
            record: record, framework: framework, awardExpiry: awardTimer.flatMap { snapshot.earliestDue(sendID: $0) },
            now: time)
        facts.deadlines = snapshot.earliestDueByEvent
        return facts
    }

    /// Answers a guard's call from the facts.
    func call(_ name: String, _ arguments: [Value]) throws(ExpressionError) -> Value {
        try facts.call(name, arguments)
    }
}

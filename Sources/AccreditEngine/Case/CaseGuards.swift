import Statecharts

/// The workflow's guard functions for one command: they answer from the case's state and the event's time.
///
/// The facts (``CaseFacts``) are built only when a guard calls a function, so events without guards, the most
/// common in a replay, do not pay for them.
struct CaseGuards: HostFunctions {
    /// The framework the case is assessed against.
    let framework: Framework
    /// The case's state before the event.
    let state: CaseState
    /// The event's time (from its envelope, never a clock).
    let time: Instant

    /// The case's facts at the event's time.
    var facts: CaseFacts {
        CaseFacts(
            framework: framework, ratings: state.record.ratings, submittedEvidence: state.record.submittedCounts,
            acceptedEvidence: state.record.acceptedCounts, awardExpiry: state.awardExpiry, now: time)
    }

    /// Answers a guard's call from the facts.
    func call(_ name: String, _ arguments: [Value]) throws(ExpressionError) -> Value {
        try facts.call(name, arguments)
    }
}

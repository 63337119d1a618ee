import Statecharts

extension CaseMachine {
    /// The outcome an event records for the case: a decision's `outcome` (`decide`), or the outcome a panel
    /// substitutes when it upholds an appeal (`uphold-appeal` with `outcome`, such as `accredited` for conditions
    /// lifted); nil for any other event. Certificates are issued by such events.
    public func recordedOutcome(_ envelope: EventEnvelope) -> String? {
        switch action(of: envelope.type) {
        case .decide?, .upholdAppeal?:
            if case .string(let outcome)? = envelope.payload["outcome"] { return outcome }
            return nil
        default:
            return nil
        }
    }

    /// The event names that may record an outcome (``recordedOutcome(_:)``), sorted.
    public var outcomeEvents: [String] {
        (events(for: .decide) + events(for: .upholdAppeal)).sorted()
    }

    /// Whether an event approves a change to an awarded case's scope: the award's certificate is then issued again,
    /// stating the new scope, and the one before is superseded.
    public func reissuesCertificate(_ envelope: EventEnvelope) -> Bool {
        action(of: envelope.type) == .decideScopeChange && envelope.payload["decision"] == .string("approve")
    }
}

import Statecharts

/// One award rule: when its condition holds (and no earlier rule's did), it decides the outcome.
public struct AwardRule: Hashable, Sendable {
    /// The rule's id, such as `mandatory-not-met`.
    public var id: String
    /// The outcome the rule gives.
    public var outcome: AwardOutcome
    /// The condition, in the `accredit` expression language over the assessment variables.
    public var condition: Expression
    /// Why this outcome follows, in words for the organisation and the panel.
    public var explanation: String

    /// Creates a rule.
    public init(id: String, outcome: AwardOutcome, condition: Expression, explanation: String) {
        self.id = id
        self.outcome = outcome
        self.condition = condition
        self.explanation = explanation
    }
}

import Statecharts

/// The outcome the award rules give, the rule that decided it, and the figures it was decided on.
public struct AwardDecision: Hashable, Sendable {
    /// The recommended outcome.
    public var outcome: AwardOutcome
    /// The id of the first rule whose condition held.
    public var ruleID: String
    /// The rule's explanation.
    public var explanation: String
    /// The overall figures the rules saw.
    public var figures: AssessmentFigures

    /// Creates a decision.
    public init(outcome: AwardOutcome, ruleID: String, explanation: String, figures: AssessmentFigures) {
        self.outcome = outcome
        self.ruleID = ruleID
        self.explanation = explanation
        self.figures = figures
    }
}

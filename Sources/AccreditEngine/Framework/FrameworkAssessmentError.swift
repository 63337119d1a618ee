import Statecharts

/// Why an assessment could not be computed.
public struct FrameworkAssessmentError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The category of problem.
    public enum Code: String, Hashable, Sendable {
        /// A rating or evidence count names a criterion the framework does not have.
        case unknownCriterion
        /// A rating names a level the rating scale does not have.
        case unknownRatingLevel
        /// An award rule's condition failed to evaluate.
        case ruleFailed
        /// No award rule's condition held.
        case noRuleMatched
    }

    /// The category of problem.
    public var code: Code
    /// What is wrong and what to do.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

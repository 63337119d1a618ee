import Statecharts

/// One assessable criterion, such as `SL-1.2`: what the organisation must show, and the evidence expected.
public struct Criterion: Hashable, Sendable {
    /// The criterion's id, such as `SL-1.2`.
    public var id: String
    /// What must be true, stated so an assessor can judge it.
    public var text: String
    /// Guidance for applicants and assessors.
    public var guidance: String
    /// The evidence items the assessors expect to see.
    public var expectedEvidence: [ExpectedEvidence]
    /// Whether the criterion must be met for an award.
    public var mandatory: Bool

    /// Creates a criterion.
    public init(
        id: String, text: String, guidance: String = "", expectedEvidence: [ExpectedEvidence] = [],
        mandatory: Bool = false
    ) {
        self.id = id
        self.text = text
        self.guidance = guidance
        self.expectedEvidence = expectedEvidence
        self.mandatory = mandatory
    }
}

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
    /// Whether a case may find the criterion not applicable (with a justification an assessor accepts).
    public var notApplicable: NotApplicability
    /// The service kinds the criterion applies to (`applies-to`); empty when it applies to every scope. A case whose
    /// scope has no service of these kinds may find it not applicable; one whose scope has such a service may not.
    public var appliesTo: [String]
    /// Whether evidence accepted for the criterion in one assessment cycle may be reused in a renewal
    /// (`reuse-evidence`); otherwise a renewal asks for new evidence.
    public var reuseEvidence: Bool

    /// Whether a criterion may be found not applicable to a case.
    public enum NotApplicability: String, Hashable, Sendable {
        /// Never (the default): every case is rated against it.
        case never
        /// When the organisation justifies it and an assessor accepts the justification.
        case justified
    }

    /// Whether a case whose scope has services of `kinds` may find the criterion not applicable: a criterion that
    /// allows it with a justification, or one that applies only to kinds the scope lacks.
    public func mayBeNotApplicable(toKinds kinds: Set<String>) -> Bool {
        guard appliesTo.isEmpty || kinds.isDisjoint(with: appliesTo) else { return false }
        return notApplicable == .justified || !appliesTo.isEmpty
    }

    /// Creates a criterion.
    public init(
        id: String, text: String, guidance: String = "", expectedEvidence: [ExpectedEvidence] = [],
        mandatory: Bool = false, notApplicable: NotApplicability = .never, appliesTo: [String] = [],
        reuseEvidence: Bool = false
    ) {
        self.reuseEvidence = reuseEvidence
        self.notApplicable = notApplicable
        self.appliesTo = appliesTo
        self.id = id
        self.text = text
        self.guidance = guidance
        self.expectedEvidence = expectedEvidence
        self.mandatory = mandatory
    }
}

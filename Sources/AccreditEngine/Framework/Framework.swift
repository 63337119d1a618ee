import Statecharts

/// A versioned standards framework: foundations, standards and criteria, a rating scale and award rules.
public struct Framework: Hashable, Sendable {
    /// The framework's stable id, shared by all its versions, such as `patient-safety-standards`.
    public var id: String
    /// The version label, such as `1`.
    public var version: String
    /// The human title.
    public var title: String
    /// The ordinal scale every criterion is rated on.
    public var ratingScale: RatingScale
    /// The foundations in document order.
    public var foundations: [FrameworkFoundation]
    /// The award rules in document order; the first whose condition holds decides.
    public var awardRules: [AwardRule]
    /// The outcomes a decision may record, in document order (``FrameworkOutcome/defaults`` when none are declared).
    public var outcomes: [FrameworkOutcome]
    /// The grades findings are raised at, most severe first; empty when the framework declares none (then no
    /// finding can be raised).
    public var findingSeverities: [FindingSeverity]
    /// The kinds of service a case's scope is made of (`<service-kinds>`); empty when the framework declares none
    /// (then a scope's services are not classified, and no criterion applies to some kinds only).
    public var serviceKinds: [ServiceKind]
    /// How evidence covers a criterion (`evidence-coverage`): one piece of evidence for the whole criterion, or one
    /// for each item it expects.
    public var evidenceCoverage: EvidenceCoverage

    /// How evidence covers a criterion.
    public enum EvidenceCoverage: String, Hashable, Sendable {
        /// Any one piece of evidence covers the criterion (the default).
        case criterion
        /// Each expected evidence item needs evidence of its own; an upload names its item when the criterion
        /// expects more than one.
        case item
    }

    /// Creates a framework.
    public init(
        id: String, version: String, title: String, ratingScale: RatingScale, foundations: [FrameworkFoundation],
        awardRules: [AwardRule], outcomes: [FrameworkOutcome] = FrameworkOutcome.defaults,
        findingSeverities: [FindingSeverity] = [], serviceKinds: [ServiceKind] = [],
        evidenceCoverage: EvidenceCoverage = .criterion
    ) {
        self.evidenceCoverage = evidenceCoverage
        self.serviceKinds = serviceKinds
        self.outcomes = outcomes
        self.findingSeverities = findingSeverities
        self.id = id
        self.version = version
        self.title = title
        self.ratingScale = ratingScale
        self.foundations = foundations
        self.awardRules = awardRules
    }

    /// Every criterion, in document order.
    public var criteria: [Criterion] {
        foundations.flatMap { $0.standards.flatMap(\.criteria) }
    }

    /// How many of `criterion`'s expected evidence items need evidence before it counts as covered: each of them
    /// (at least one) when coverage is by item, else one.
    public func requiredEvidence(_ criterion: Criterion) -> Int {
        evidenceCoverage == .item ? max(1, criterion.expectedEvidence.count) : 1
    }

    /// The declared outcome with this id, or nil (also for ``AwardOutcome/incomplete``).
    public func outcome(_ id: AwardOutcome) -> FrameworkOutcome? {
        outcomes.first { $0.id == id }
    }

    /// The finding severity with this id, or nil.
    public func findingSeverity(_ id: String) -> FindingSeverity? {
        findingSeverities.first { $0.id == id }
    }

    /// The service kind with this id, or nil.
    public func serviceKind(_ id: String) -> ServiceKind? {
        serviceKinds.first { $0.id == id }
    }

    /// The criterion with this id, or nil.
    public func criterion(_ id: String) -> Criterion? {
        criteria.first { $0.id == id }
    }
}

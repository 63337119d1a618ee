import Statecharts

/// An appeal against an adverse decision: what it is against (the `acc:appeal` of the state the case was in), the
/// organisation's grounds, the panel that hears it, and how it was resolved.
public struct CaseAppeal: Hashable, Sendable {
    /// How an appeal was resolved.
    public enum Outcome: String, Hashable, Sendable, CaseIterable {
        /// The panel found for the organisation: the decision is set aside.
        case upheld
        /// The panel found the decision sound: it stands.
        case dismissed
        /// The case left the state holding the decision before the panel resolved it (a suspension, the award's
        /// expiry overtook it): the appeal was never decided.
        case lapsed
    }

    /// The appeal's id in the case, such as `A-1`.
    public var id: String
    /// What is appealed, as the workflow names it (`acc:appeal`), such as `refusal` or `suspension`.
    public var against: String
    /// The state that holds the decision (the one with `acc:appeal`): the appeal is heard while the case is in it,
    /// and lapses if the case leaves it another way.
    public var scope: String
    /// The organisation's grounds.
    public var grounds: String
    /// Who lodged it.
    public var lodgedBy: String
    /// When it was lodged.
    public var lodgedAt: Instant
    /// When it must be resolved by (`acc:appeal-resolve-within` after it was lodged), if the workflow says.
    public var due: Instant?
    /// The people hearing it, in the order appointed; empty until a panel is appointed.
    public var panel: [String]
    /// Who appointed the panel.
    public var panelBy: String?
    /// How it was resolved; nil while it is open.
    public var outcome: Outcome?
    /// The panel's reasons for its resolution.
    public var reasons: String?
    /// The outcome the panel substituted when it upheld the appeal (a framework outcome id, such as `accredited` for
    /// conditions lifted), if it named one: a new certificate is issued with it.
    public var substitutedOutcome: String?
    /// The panel member who recorded the resolution.
    public var resolvedBy: String?
    /// When it was resolved.
    public var resolvedAt: Instant?

    /// Creates an appeal, open and without a panel unless given.
    public init(
        id: String, against: String, scope: String, grounds: String, lodgedBy: String, lodgedAt: Instant, due: Instant?,
        panel: [String] = [], panelBy: String? = nil, outcome: Outcome? = nil, reasons: String? = nil,
        substitutedOutcome: String? = nil, resolvedBy: String? = nil, resolvedAt: Instant? = nil
    ) {
        self.id = id
        self.against = against
        self.scope = scope
        self.grounds = grounds
        self.lodgedBy = lodgedBy
        self.lodgedAt = lodgedAt
        self.due = due
        self.panel = panel
        self.panelBy = panelBy
        self.outcome = outcome
        self.reasons = reasons
        self.substitutedOutcome = substitutedOutcome
        self.resolvedBy = resolvedBy
        self.resolvedAt = resolvedAt
    }

    /// Whether the appeal awaits its resolution.
    public var isOpen: Bool { outcome == nil }

    /// Whether the appeal is open past its date at `time`.
    public func isOverdue(at time: Instant) -> Bool {
        guard isOpen, let due else { return false }
        return due <= time
    }
}

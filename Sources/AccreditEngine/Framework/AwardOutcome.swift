import Statecharts

/// An outcome an award rule recommends and a decision records: one the framework declares (``FrameworkOutcome``), or
/// the built-in ``incomplete``.
public struct AwardOutcome: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The outcome's id, such as `accredited`.
    public var rawValue: String

    /// An outcome by id.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// An outcome by id, written as a literal.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The assessment is not complete enough to decide (for example, criteria are unrated); every framework has it,
    /// and no decision may record it.
    public static let incomplete: AwardOutcome = "incomplete"

    /// The id.
    public var description: String { rawValue }
}

/// An outcome a framework declares (`<outcome id label award conditions>`): what a decision may record, and whether
/// the case then holds an award, with conditions or without.
public struct FrameworkOutcome: Hashable, Sendable {
    /// The id that award rules and decisions name, such as `accredited-with-conditions`.
    public var id: AwardOutcome
    /// The words for people, such as "Accredited with conditions".
    public var label: String
    /// Whether a decision with this outcome gives an award (and a certificate).
    public var isAward: Bool
    /// Whether the award carries conditions to close.
    public var withConditions: Bool

    /// Creates a declaration.
    public init(id: AwardOutcome, label: String, isAward: Bool, withConditions: Bool) {
        self.id = id
        self.label = label
        self.isAward = isAward
        self.withConditions = withConditions
    }

    /// The outcomes of a framework that declares none: accredited and accredited-with-conditions (awards) and
    /// not-accredited.
    public static let defaults: [FrameworkOutcome] = [
        FrameworkOutcome(id: "accredited", label: "Accredited", isAward: true, withConditions: false),
        FrameworkOutcome(
            id: "accredited-with-conditions", label: "Accredited with conditions", isAward: true, withConditions: true),
        FrameworkOutcome(id: "not-accredited", label: "Not accredited", isAward: false, withConditions: false),
    ]
}

import Statecharts

/// A grade of finding a framework declares (immediate risk, major, minor, observation), with how long the
/// organisation has to correct one.
public struct FindingSeverity: Hashable, Sendable {
    /// The id used in findings and award rules, such as `major`.
    public var id: String
    /// The label shown to people, such as "Major nonconformity".
    public var label: String
    /// The longest time the organisation may be given to correct a finding of this grade, and the default; nil when
    /// a finding of this grade asks for no corrective action (an observation).
    public var respondWithin: Delay?

    /// Creates a severity.
    public init(id: String, label: String, respondWithin: Delay?) {
        self.id = id
        self.label = label
        self.respondWithin = respondWithin
    }

    /// Whether a finding of this grade needs a corrective action that an assessor verifies.
    public var needsCorrectiveAction: Bool { respondWithin != nil }
}

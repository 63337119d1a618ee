import Statecharts

/// One standard within a foundation, such as `SL-1`, grouping the criteria that evidence it.
public struct Standard: Hashable, Sendable {
    /// The standard's id, such as `SL-1`.
    public var id: String
    /// The statement of the standard.
    public var title: String
    /// The criteria in document order.
    public var criteria: [Criterion]

    /// Creates a standard.
    public init(id: String, title: String, criteria: [Criterion]) {
        self.id = id
        self.title = title
        self.criteria = criteria
    }
}

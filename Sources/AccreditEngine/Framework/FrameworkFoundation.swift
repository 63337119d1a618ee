import Statecharts

/// One foundation of a framework, such as Shared learning (`SL`), grouping standards.
public struct FrameworkFoundation: Hashable, Sendable {
    /// The foundation's code, such as `SL`; every criterion id in it starts with `SL-`.
    public var id: String
    /// The human title.
    public var title: String
    /// What the foundation is about.
    public var summary: String
    /// The standards in document order.
    public var standards: [Standard]

    /// Creates a foundation.
    public init(id: String, title: String, summary: String = "", standards: [Standard]) {
        self.id = id
        self.title = title
        self.summary = summary
        self.standards = standards
    }

    /// Every criterion of the foundation, in document order.
    public var criteria: [Criterion] { standards.flatMap(\.criteria) }
}

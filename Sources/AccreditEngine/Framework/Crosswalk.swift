import Statecharts

/// A mapping from the criteria of one framework version to the next, so ratings and evidence carry over.
public struct Crosswalk: Hashable, Sendable {
    /// The framework's id, the same in both versions.
    public var frameworkID: String
    /// The version cases move from.
    public var fromVersion: String
    /// The version cases move to.
    public var toVersion: String
    /// The entries in document order.
    public var entries: [CrosswalkEntry]

    /// Creates a crosswalk.
    public init(frameworkID: String, fromVersion: String, toVersion: String, entries: [CrosswalkEntry]) {
        self.frameworkID = frameworkID
        self.fromVersion = fromVersion
        self.toVersion = toVersion
        self.entries = entries
    }

    /// The old criterion ids the entries mention (mapped, split, merged or retired).
    public var mentionedSources: Set<String> { Set(entries.flatMap(\.from)) }
}

extension Snapshot {
    /// The active states as an opaque value that is cheap to keep and compare: equal keys of one document mean the
    /// same configuration. For callers that cache an answer per configuration (replay's role checks) without
    /// building ``configuration``'s array of ids for every event.
    public var configurationKey: ConfigurationKey { ConfigurationKey(words: root.configuration.words) }
}

/// The active states of a snapshot, compared as a bitset (see ``Snapshot/configurationKey``).
public struct ConfigurationKey: Hashable, Sendable {
    let words: [UInt64]

    /// The key of no configuration (for an empty cache).
    public init() { words = [] }

    init(words: [UInt64]) { self.words = words }
}

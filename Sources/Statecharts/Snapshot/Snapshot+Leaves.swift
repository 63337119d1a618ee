extension Snapshot {
    /// The active atomic states (including final ones), in document order.
    public var activeLeaves: [String] {
        root.configuration.members.filter { chart.states[$0].isAtomic }.map { chart.states[$0].id }
    }
}

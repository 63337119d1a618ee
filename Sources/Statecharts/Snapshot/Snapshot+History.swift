extension Snapshot {
    /// What each history state of the root session recorded when its parent was last exited: history state id to
    /// the ids of the states it will restore, in document order (absent for a history state that recorded nothing).
    public var recordedHistory: [String: [String]] {
        var recorded: [String: [String]] = [:]
        for (state, stored) in root.history {
            recorded[chart.states[state].id] = stored.sorted().map { chart.states[$0].id }
        }
        return recorded
    }
}

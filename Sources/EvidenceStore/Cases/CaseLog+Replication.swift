extension CaseLog {
    /// Where the log's server's WAL ends now: on a primary, every event committed before this call is at or before
    /// it, so a standby that has applied this far holds them (read-your-writes).
    ///
    /// - Throws: ``StoreError``.
    public func walPosition() throws(StoreError) -> WALPosition {
        try storeOperation(caseID: nil) { try connection.walPosition() }
    }

    /// How far the log's server has applied the WAL: on a standby, what a read there can see, and how far behind it
    /// may be.
    ///
    /// - Throws: ``StoreError``.
    public func replayState() throws(StoreError) -> ReplayState {
        try storeOperation(caseID: nil) { try connection.replayState() }
    }
}

extension PostgresConnection {
    /// Transaction isolation levels.
    public enum IsolationLevel: String, Sendable {
        /// PostgreSQL's default.
        case readCommitted = "READ COMMITTED"
        /// One snapshot for the whole transaction.
        case repeatableRead = "REPEATABLE READ"
        /// Full serializability; callers must retry on SQLSTATE 40001.
        case serializable = "SERIALIZABLE"
    }

    /// Runs `body` inside a transaction: commits when it returns, rolls back when it throws (and rethrows).
    ///
    /// - Parameters:
    ///   - isolation: The isolation level for this transaction.
    ///   - body: The work; it receives this connection.
    /// - Returns: What `body` returned.
    /// - Throws: What `body` threw, or ``PostgresError`` from BEGIN/COMMIT, or `.misuse` when already in a transaction.
    public func transaction<T>(
        isolation: IsolationLevel = .readCommitted, _ body: (PostgresConnection) throws -> T
    ) throws -> T {
        guard !isInTransaction else {
            throw PostgresError(code: .misuse, message: "a transaction is already open on this connection")
        }
        try execute("BEGIN ISOLATION LEVEL \(isolation.rawValue)")
        let value: T
        do {
            value = try body(self)
        } catch {
            rollbackQuietly()
            throw error
        }
        do {
            try execute("COMMIT")
        } catch {
            rollbackQuietly()
            throw error
        }
        return value
    }

    /// Rolls back if a transaction is open, ignoring failures (the connection may already be gone).
    private func rollbackQuietly() {
        if isInTransaction { _ = try? execute("ROLLBACK") }
    }
}

extension PostgresConnection {
    /// Creates a database on this connection's server unless one of that name exists (server administration, for
    /// the embedded cluster); a concurrent creation of the same database is not an error.
    ///
    /// - Parameter name: The database's name, quoted as an identifier (never spliced as text).
    /// - Throws: ``PostgresError`` when the server refuses for another reason.
    public func createDatabaseIfMissing(_ name: String) throws(PostgresError) {
        let exists = try query("SELECT 1 FROM pg_database WHERE datname = $1", [.text(name)])
        guard exists.isEmpty else { return }
        do {
            try execute("CREATE DATABASE \(try quoteIdentifier(name))")
        } catch {
            // 42P04 duplicate_database: another process created it first, which is fine.
            guard error.hasSQLState("42P04") else { throw error }
        }
    }
}

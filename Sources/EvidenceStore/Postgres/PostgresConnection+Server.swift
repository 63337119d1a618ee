/// What a backup records about the PostgreSQL server it copies.
public struct ServerIdentity: Hashable, Sendable {
    /// `server_version`, such as `15.18 (Debian 15.18-0+deb12u1)`.
    public var version: String
    /// The cluster's system identifier (the same for a cluster and its standbys and restored copies).
    public var systemIdentifier: String
    /// The database connected to (a cluster holds several).
    public var database = ""
}

extension PostgresConnection {
    /// The server's version, the cluster's system identifier and the database's name.
    ///
    /// - Throws: ``PostgresError``.
    public func serverIdentity() throws(PostgresError) -> ServerIdentity {
        let row = try query(
            """
            SELECT current_setting('server_version') AS version, system_identifier::text AS id,
                   current_database() AS database
            FROM pg_control_system()
            """
        ).first
        return ServerIdentity(
            version: try row?["version"].string() ?? "?", systemIdentifier: try row?["id"].string() ?? "?",
            database: try row?["database"].string() ?? "?")
    }

    /// Whether the server is still recovering (a standby, or a restore replaying WAL) and so read-only.
    ///
    /// - Throws: ``PostgresError``.
    public func isInRecovery() throws(PostgresError) -> Bool {
        try query("SELECT pg_is_in_recovery() AS recovering").first?["recovering"].bool() ?? false
    }
}

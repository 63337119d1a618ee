import CLibPQ

extension PostgresConnection {
    /// Whether a role of this name exists on the server (roles belong to the whole cluster).
    ///
    /// - Throws: ``PostgresError`` when the catalogue cannot be read.
    public func roleExists(_ role: String) throws(PostgresError) -> Bool {
        try !query("SELECT 1 FROM pg_roles WHERE rolname = $1", [.text(role)]).isEmpty
    }

    /// Sets a role's password (server administration, for the embedded cluster), as psql's `\password` does: libpq
    /// hashes it here into a SCRAM verifier, so the password itself never reaches the server or its log.
    ///
    /// `ALTER ROLE` takes no parameters; the verifier is bound to a transaction-local setting and a `DO` block quotes
    /// it, so no value is spliced into SQL text here.
    ///
    /// - Parameters:
    ///   - password: The new password.
    ///   - role: The role's name.
    /// - Throws: ``PostgresError`` when libpq cannot hash the password or the server refuses.
    public func setPassword(_ password: String, forRole role: String) throws {
        let verifier = try withHandle { handle throws(PostgresError) -> String in
            guard let hashed = PQencryptPasswordConn(handle, password, role, nil) else {
                throw PostgresError(code: .misuse, message: Self.trimmed(PQerrorMessage(handle)))
            }
            defer { PQfreemem(hashed) }
            return String(cString: hashed)
        }
        try transaction { db in
            try db.query(
                "SELECT set_config('accredit.role_name', $1, true), set_config('accredit.role_verifier', $2, true)",
                [.text(role), .text(verifier)])
            try db.execute(
                """
                DO $$ BEGIN
                    EXECUTE format('ALTER ROLE %I PASSWORD %L', current_setting('accredit.role_name'),
                                   current_setting('accredit.role_verifier'));
                END $$
                """)
        }
    }
}

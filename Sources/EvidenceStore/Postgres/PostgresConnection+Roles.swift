import CLibPQ

extension PostgresConnection {
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

import CLibPQ

extension PostgresConnection {
    /// Runs a multi-statement SQL script with the simple query protocol.
    ///
    /// Only the migration runner may call this: its scripts are files shipped with Accredit, never user input,
    /// and they contain no values. Everything else binds parameters through ``query(_:_:)``.
    ///
    /// - Throws: ``PostgresError`` with the failing statement's SQLSTATE and position.
    func executeMigrationScript(_ sql: String) throws(PostgresError) {
        guard !sql.utf8.contains(0) else {
            throw PostgresError(code: .misuse, message: "the migration script contains a NUL byte")
        }
        try withHandle { handle throws(PostgresError) in
            guard let result = PQexec(handle, sql) else { throw connectionError() }
            defer { PQclear(result) }
            let status = PQresultStatus(result)
            guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY else {
                throw serverError(result)
            }
        }
    }
}

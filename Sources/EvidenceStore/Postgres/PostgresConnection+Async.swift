import CLibPQ

extension PostgresConnection {
    /// Sends one statement without waiting, so the server works on it while the caller does something else;
    /// collect its rows with ``receiveRows()`` before sending anything else on this connection.
    ///
    /// - Throws: ``PostgresError`` when the statement cannot be sent.
    func sendQuery(_ sql: String, _ parameters: [PostgresValue]) throws(PostgresError) {
        guard !sql.utf8.contains(0) else {
            throw PostgresError(code: .misuse, message: "the SQL text contains a NUL byte")
        }
        try withHandle { handle throws(PostgresError) in
            let sent = Self.withBinaryParameters(parameters) { types, values, lengths, formats in
                PQsendQueryParams(handle, sql, Int32(parameters.count), types, values, lengths, formats, 1)
            }
            guard sent == 1 else { throw connectionError() }
        }
    }

    /// Waits for the statement sent with ``sendQuery(_:_:)`` and returns its rows.
    ///
    /// - Throws: ``PostgresError`` with the server's error, after the connection is ready for the next statement.
    func receiveRows() throws(PostgresError) -> [PostgresRow] {
        try withHandle { handle throws(PostgresError) in
            var rows: [PostgresRow] = []
            var failure: PostgresError?
            var sawResult = false
            while let result = PQgetResult(handle) {
                defer { PQclear(result) }
                sawResult = true
                switch PQresultStatus(result) {
                case PGRES_TUPLES_OK, PGRES_COMMAND_OK: rows = Self.rows(of: result)
                default: if failure == nil { failure = serverError(result) }
                }
            }
            if let failure { throw failure }
            guard sawResult else { throw connectionError() }
            return rows
        }
    }
}

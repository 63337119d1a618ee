import CLibPQ

extension PostgresConnection {
    /// Streams the output of `COPY … TO STDOUT` (text format) to `body`, one row at a time, in bounded memory.
    ///
    /// - Parameters:
    ///   - sql: A `COPY (SELECT …) TO STDOUT` or `COPY table TO STDOUT` statement.
    ///   - parameters: Values for `$n` placeholders in the query, if any.
    ///   - body: Called with each row's bytes (including the final newline); the bytes are valid only during the call.
    /// - Returns: The number of bytes received.
    /// - Throws: ``PostgresError`` from the server or a lost connection.
    @discardableResult
    public func copyOut(
        _ sql: String, _ parameters: [PostgresValue] = [], _ body: (UnsafeRawBufferPointer) -> Void
    ) throws(PostgresError) -> Int {
        try withHandle { handle throws(PostgresError) in
            let start = Self.withBinaryParameters(parameters) { types, values, lengths, formats in
                PQexecParams(handle, sql, Int32(parameters.count), types, values, lengths, formats, 0)
            }
            guard let start else { throw connectionError() }
            guard PQresultStatus(start) == PGRES_COPY_OUT else {
                defer { PQclear(start) }
                throw serverError(start)
            }
            PQclear(start)
            streamingCopy = true
            defer { streamingCopy = false }
            var total = 0
            while true {
                var buffer: UnsafeMutablePointer<CChar>?
                let count = PQgetCopyData(handle, &buffer, 0)
                if count < 0 { break }
                if let buffer {
                    body(UnsafeRawBufferPointer(start: buffer, count: Int(count)))
                    PQfreemem(buffer)
                }
                total += Int(count)
            }
            var failure: PostgresError?
            while let result = PQgetResult(handle) {
                defer { PQclear(result) }
                if PQresultStatus(result) != PGRES_COMMAND_OK && failure == nil { failure = serverError(result) }
            }
            if let failure { throw failure }
            return total
        }
    }
}

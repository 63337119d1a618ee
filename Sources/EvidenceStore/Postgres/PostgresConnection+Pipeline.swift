import CLibPQ

/// One statement with its bound parameters, for ``PostgresConnection/pipeline(_:)``.
public struct PostgresStatement: Sendable {
    /// One SQL statement with `$n` placeholders.
    public var sql: String
    /// The parameter values.
    public var parameters: [PostgresValue]

    /// Creates a statement.
    public init(_ sql: String, _ parameters: [PostgresValue] = []) {
        self.sql = sql
        self.parameters = parameters
    }
}

extension PostgresConnection {
    /// Runs statements in one round trip with libpq's pipeline mode, as one implicit transaction: either all of
    /// them take effect or, after the first error, none do.
    ///
    /// Meant for short batches (a case append is a handful of statements).
    ///
    /// - Returns: Each statement's rows, in order.
    /// - Throws: ``PostgresError`` for the first statement that failed (the batch is rolled back), or `.misuse`
    ///   inside an explicit transaction.
    @discardableResult
    public func pipeline(_ statements: [PostgresStatement]) throws(PostgresError) -> [[PostgresRow]] {
        guard !isInTransaction else {
            throw PostgresError(
                code: .misuse, message: "a pipeline is its own transaction; run it outside transaction()")
        }
        return try withHandle { handle throws(PostgresError) in
            let names = try statements.map { statement throws(PostgresError) in try prepare(statement, handle) }
            guard PQenterPipelineMode(handle) == 1 else { throw connectionError() }
            defer { PQexitPipelineMode(handle) }
            for (statement, name) in zip(statements, names) {
                let sent = Self.withBinaryParameters(statement.parameters) { _, values, lengths, formats in
                    PQsendQueryPrepared(handle, name, Int32(statement.parameters.count), values, lengths, formats, 1)
                }
                guard sent == 1 else { throw connectionError() }
            }
            guard PQpipelineSync(handle) == 1 else { throw connectionError() }
            var results: [[PostgresRow]] = []
            var failure: PostgresError?
            var idleCalls = 0
            while true {
                guard let result = PQgetResult(handle) else {
                    // NULL ends one statement's results; two in a row mean the server has nothing more to say.
                    idleCalls += 1
                    guard idleCalls < 2, PQstatus(handle) != CONNECTION_BAD else { throw connectionError() }
                    continue
                }
                idleCalls = 0
                defer { PQclear(result) }
                switch PQresultStatus(result) {
                case PGRES_PIPELINE_SYNC:
                    if let failure { throw failure }
                    return results
                case PGRES_TUPLES_OK, PGRES_COMMAND_OK:
                    results.append(Self.rows(of: result))
                case PGRES_PIPELINE_ABORTED:
                    results.append([])
                default:
                    if failure == nil { failure = serverError(result) }
                    results.append([])
                }
                if PQstatus(handle) == CONNECTION_BAD { throw connectionError() }
            }
        }
    }
}

/// Identifies a prepared statement: the same SQL with the same parameter types.
struct PreparedKey: Hashable {
    let sql: String
    let types: [UInt32]
}

extension PostgresConnection {
    /// Prepares a statement on the server once per session and returns its name; repeated statements then skip
    /// parsing and planning.
    fileprivate func prepare(_ statement: PostgresStatement, _ handle: OpaquePointer) throws(PostgresError) -> String {
        guard !statement.sql.utf8.contains(0) else {
            throw PostgresError(code: .misuse, message: "the SQL text contains a NUL byte")
        }
        let key = PreparedKey(sql: statement.sql, types: statement.parameters.map(\.typeOID))
        if let name = preparedStatements[key] { return name }
        let name = "accredit_\(preparedStatements.count + 1)"
        let types = key.types.map { Oid($0) }
        guard let result = PQprepare(handle, name, statement.sql, Int32(types.count), types) else {
            throw connectionError()
        }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else { throw serverError(result) }
        preparedStatements[key] = name
        return name
    }
}

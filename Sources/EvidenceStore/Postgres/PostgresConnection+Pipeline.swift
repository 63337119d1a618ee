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
    /// The most statements one session prepares for ``query(_:_:)`` and ``execute(_:_:)``; beyond it statements
    /// run unprepared (SQL built with varying text would otherwise fill the server's memory).
    static let maximumPreparedStatements = 256

    /// The key to prepare a single-statement query or change under, or nil to run it unprepared: only SELECT,
    /// INSERT, UPDATE, DELETE and WITH statements without a semicolon (so never a script or a utility statement).
    static func preparable(_ sql: String, _ parameters: [PostgresValue]) -> PreparedKey? {
        guard !sql.utf8.contains(UInt8(ascii: ";")) else { return nil }
        let first = sql.utf8.drop { $0 == 32 || $0 == 10 || $0 == 9 || $0 == 13 }.prefix(6)
        let word = String(decoding: first, as: UTF8.self).uppercased()
        let isWith = word.hasPrefix("WITH") && (word.dropFirst(4).first.map(\.isWhitespace) ?? false)
        guard ["SELECT", "INSERT", "UPDATE", "DELETE"].contains(word) || isWith else { return nil }
        return PreparedKey(sql: sql, types: parameters.map(\.typeOID))
    }

    /// Whether an error means a prepared statement must be prepared again: its result type changed with the
    /// schema (0A000), or the session no longer has it (26000).
    static func invalidatesPrepared(_ error: PostgresError) -> Bool {
        error.code == .server && (error.sqlState == "0A000" || error.sqlState == "26000")
    }

    /// Runs a statement prepared once per session (preparing it first when new, while there is room), so that
    /// repeated statements skip parsing and planning; returns libpq's result unchecked.
    func runPrepared(_ key: PreparedKey, _ parameters: [PostgresValue]) throws(PostgresError) -> OpaquePointer? {
        try withHandle { handle throws(PostgresError) in
            let name: String
            if let known = preparedStatements[key] {
                name = known
            } else if preparedStatements.count < Self.maximumPreparedStatements {
                name = try prepare(PostgresStatement(key.sql, parameters), handle)
            } else {
                return Self.withBinaryParameters(parameters) { types, values, lengths, formats in
                    PQexecParams(handle, key.sql, Int32(parameters.count), types, values, lengths, formats, 1)
                }
            }
            return Self.withBinaryParameters(parameters) { _, values, lengths, formats in
                PQexecPrepared(handle, name, Int32(parameters.count), values, lengths, formats, 1)
            }
        }
    }

    /// Prepares a statement on the server once per session and returns its name; repeated statements then skip
    /// parsing and planning.
    fileprivate func prepare(_ statement: PostgresStatement, _ handle: OpaquePointer) throws(PostgresError) -> String {
        guard !statement.sql.utf8.contains(0) else {
            throw PostgresError(code: .misuse, message: "the SQL text contains a NUL byte")
        }
        let key = PreparedKey(sql: statement.sql, types: statement.parameters.map(\.typeOID))
        if let name = preparedStatements[key] { return name }
        preparedCount += 1
        let name = "accredit_\(preparedCount)"
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

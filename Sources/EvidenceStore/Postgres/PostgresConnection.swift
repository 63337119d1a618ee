import AccreditEngine
import CLibPQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A blocking connection to PostgreSQL through libpq. Every value is bound as a parameter, never spliced into SQL.
///
/// A connection is used by one task at a time; open one per task or process.
public final class PostgresConnection {
    private let handle: OpaquePointer
    /// A description of the server connected to (user, host, port, database); never includes the password.
    public let target: String
    /// Server-side prepared statements of this session, by SQL text and parameter types.
    var preparedStatements: [PreparedKey: String] = [:]
    /// How many statements this session has prepared (names are never reused).
    var preparedCount = 0
    /// Set while a `COPY … TO STDOUT` streams: libpq would send anything else into the middle of it.
    var streamingCopy = false

    /// Opens a connection.
    ///
    /// - Parameter conninfo: A libpq keyword/value string (`host=/tmp dbname=accredit`) or URL
    ///   (`postgresql://user@host/db`). An empty string uses the standard `PG*` environment variables and service files.
    /// - Throws: ``PostgresError`` with code `.connectionFailed`, naming the target but never the password.
    public init(conninfo: String) throws(PostgresError) {
        guard !conninfo.utf8.contains(0) else {
            throw PostgresError(code: .connectionFailed, message: "the connection string contains a NUL byte")
        }
        // Started with PQconnectStart and driven here, not PQconnectdb: the notice hooks must be in place before
        // libpq reads a byte from the server. A backend told to stop just after the login sends its FATAL right
        // behind ReadyForQuery; when both arrive in one read, libpq parses the FATAL with the connection already
        // idle, as a notice, and inside PQconnectdb that notice went to libpq's default processor: raw on stderr.
        guard let handle = PQconnectStart(conninfo) else {
            throw PostgresError(code: .connectionFailed, message: "libpq could not allocate a connection")
        }
        self.handle = handle
        self.target = ConnectionString.describe(conninfo)
        // Server notices (and a FATAL sent just before the server closes the session) must not reach our stderr
        // raw: the caller reports failures itself, on one line. Both hooks, since libpq's default receiver hands
        // messages to the processor.
        PQsetNoticeReceiver(handle, { _, _ in }, nil)
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        let waitFailure = Self.finishConnecting(handle)
        guard waitFailure == nil, PQstatus(handle) == CONNECTION_OK else {
            let message = waitFailure ?? Self.trimmed(PQerrorMessage(handle))
            // Every stored property is set, so deinit runs on this throw and calls PQfinish.
            throw PostgresError(code: .connectionFailed, message: "\(message) [\(target)]")
        }
        try execute("SET TIME ZONE 'UTC'")
    }

    /// Drives `PQconnectPoll` until the connection is made or has failed, waiting on the socket in between, as
    /// `PQconnectdb` does; returns why it stopped waiting early (`connect_timeout`), or nil.
    ///
    /// `connect_timeout` counts per server attempt, with libpq's minimum of 2 s. Unlike `PQconnectdb`, a timeout ends
    /// the whole attempt rather than moving on to the next host of a multi-host string.
    private static func finishConnecting(_ handle: OpaquePointer) -> String? {
        let timeout = connectTimeout(handle)
        var state = PGRES_POLLING_WRITING  // what the documentation says to assume before the first poll
        var attempt: (socket: Int32, host: String, port: String)?
        var deadline: ContinuousClock.Instant?
        while state != PGRES_POLLING_OK && state != PGRES_POLLING_FAILED {
            let socket = PQsocket(handle)
            guard socket >= 0 else { return nil }  // libpq has given up; PQstatus says so
            let current = (
                socket, PQhost(handle).map { String(cString: $0) } ?? "",
                PQport(handle).map { String(cString: $0) } ?? ""
            )
            if attempt.map({ $0 != current }) ?? true {
                attempt = current
                deadline = timeout.map { ContinuousClock.now + .seconds($0) }
            }
            var milliseconds: Int32 = -1
            if let deadline {
                let left = ContinuousClock.now.duration(to: deadline).components
                guard left.seconds >= 0 else { return "timeout expired" }
                milliseconds = Int32(clamping: left.seconds * 1000 + left.attoseconds / 1_000_000_000_000_000 + 1)
            }
            let events = state == PGRES_POLLING_READING ? POLLIN : POLLOUT
            var descriptor = pollfd(fd: socket, events: Int16(events), revents: 0)
            let ready = poll(&descriptor, 1, milliseconds)
            if ready < 0 {
                guard errno == EINTR else { return "cannot wait for the server: \(String(cString: strerror(errno)))" }
                continue
            }
            if ready == 0 { return "timeout expired" }
            state = PQconnectPoll(handle)
        }
        return nil
    }

    /// The effective `connect_timeout` in seconds (from the string, `PGCONNECT_TIMEOUT` or nothing), as libpq reads it.
    private static func connectTimeout(_ handle: OpaquePointer) -> Int64? {
        guard let options = PQconninfo(handle) else { return nil }
        defer { PQconninfoFree(options) }
        var option = options
        while let keyword = option.pointee.keyword {
            if String(cString: keyword) == "connect_timeout", let value = option.pointee.val {
                guard let seconds = Int64(String(String(cString: value).filter { !$0.isWhitespace })), seconds > 0
                else { return nil }
                return max(seconds, 2)
            }
            option += 1
        }
        return nil
    }

    deinit {
        PQfinish(handle)
    }

    /// Runs one statement and returns its rows.
    ///
    /// - Parameters:
    ///   - sql: One SQL statement, with `$1`, `$2`, … placeholders.
    ///   - parameters: The values for the placeholders, in order.
    /// - Returns: Every row of the result (empty for statements that return none).
    /// - Throws: ``PostgresError`` with the server's SQLSTATE, message, detail and hint.
    @discardableResult
    public func query(_ sql: String, _ parameters: [PostgresValue] = []) throws(PostgresError) -> [PostgresRow] {
        let result = try run(sql, parameters)
        defer { PQclear(result) }
        return Self.rows(of: result)
    }

    /// Decodes every row of a successful result.
    static func rows(of result: OpaquePointer) -> [PostgresRow] {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        let types = (0..<columnCount).map { UInt32(PQftype(result, Int32($0))) }
        return (0..<rowCount).map { row in
            let values: [[UInt8]?] = (0..<columnCount).map { column in
                if PQgetisnull(result, Int32(row), Int32(column)) == 1 { return nil }
                let length = Int(PQgetlength(result, Int32(row), Int32(column)))
                guard let pointer = PQgetvalue(result, Int32(row), Int32(column)) else { return [] }
                return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
                    Array(UnsafeBufferPointer(start: $0, count: length))
                }
            }
            return PostgresRow(columns: columns, types: types, values: values)
        }
    }

    /// Runs one statement and returns the number of rows it affected.
    ///
    /// - Throws: ``PostgresError`` as ``query(_:_:)`` does.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [PostgresValue] = []) throws(PostgresError) -> Int {
        let result = try run(sql, parameters)
        defer { PQclear(result) }
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    /// Whether the connection is inside a transaction block.
    public var isInTransaction: Bool {
        PQtransactionStatus(handle) != PQTRANS_IDLE
    }

    /// Quotes an identifier (a database or role name) for the rare statements that cannot take parameters.
    ///
    /// - Throws: ``PostgresError`` when libpq rejects the name (for example invalid encoding).
    public func quoteIdentifier(_ name: String) throws(PostgresError) -> String {
        guard let quoted = PQescapeIdentifier(handle, name, name.utf8.count) else {
            throw PostgresError(code: .misuse, message: Self.trimmed(PQerrorMessage(handle)))
        }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }

    /// Sends a statement with binary parameters and binary results; returns a successful result or throws.
    private func run(_ sql: String, _ parameters: [PostgresValue]) throws(PostgresError) -> OpaquePointer {
        guard !sql.utf8.contains(0) else {
            throw PostgresError(code: .misuse, message: "the SQL text contains a NUL byte")
        }
        try refuseDuringCopy()
        if let key = Self.preparable(sql, parameters) {
            do {
                return try checked(try runPrepared(key, parameters))
            } catch let error where Self.invalidatesPrepared(error) {
                // The schema changed under the prepared statement (or the session lost it): forget it, and run
                // the statement afresh unless a transaction it aborted is open.
                preparedStatements[key] = nil
                if isInTransaction { throw error }
            }
        }
        let result = Self.withBinaryParameters(parameters) { types, values, lengths, formats in
            PQexecParams(handle, sql, Int32(parameters.count), types, values, lengths, formats, 1)
        }
        return try checked(result)
    }

    /// A result that succeeded, or the error it carries (the result is then cleared).
    private func checked(_ result: OpaquePointer?) throws(PostgresError) -> OpaquePointer {
        guard let result else {
            throw connectionError()
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return result
        default:
            let error = serverError(result)
            PQclear(result)
            throw error
        }
    }

    /// Calls `body` with libpq's parameter arrays (types, values, lengths, formats) in binary format.
    static func withBinaryParameters<R>(
        _ parameters: [PostgresValue],
        _ body: ([Oid], [UnsafePointer<CChar>?], [Int32], [Int32]) -> R
    ) -> R {
        let encoded = parameters.map(\.binary)
        let types = parameters.map { Oid($0.typeOID) }
        let lengths = encoded.map { Int32($0?.count ?? 0) }
        let formats = [Int32](repeating: 1, count: parameters.count)
        return withParameterPointers(encoded) { pointers in body(types, pointers, lengths, formats) }
    }

    /// Gives the raw libpq handle to code in this folder that needs a call the wrapper does not expose.
    func withHandle<T>(_ body: (OpaquePointer) throws(PostgresError) -> T) throws(PostgresError) -> T {
        try refuseDuringCopy()
        return try body(handle)
    }

    /// Throws `.misuse` while a COPY streams on this connection.
    private func refuseDuringCopy() throws(PostgresError) {
        guard !streamingCopy else {
            throw PostgresError(
                code: .misuse,
                message: "the connection is streaming a COPY; finish reading it before sending anything else")
        }
    }

    func connectionError() -> PostgresError {
        let message = Self.trimmed(PQerrorMessage(handle))
        let code: PostgresError.Code = PQstatus(handle) == CONNECTION_BAD ? .connectionLost : .server
        return PostgresError(code: code, message: message.isEmpty ? "no result from the server" : message)
    }

    func serverError(_ result: OpaquePointer) -> PostgresError {
        func field(_ code: UInt8) -> String? {
            PQresultErrorField(result, Int32(code)).map { String(cString: $0) }
        }
        guard let sqlState = field(UInt8(ascii: "C")) else {
            var error = connectionError()
            if PQstatus(handle) == CONNECTION_BAD { error.code = .connectionLost }
            return error
        }
        return PostgresError(
            code: .server, message: field(UInt8(ascii: "M")) ?? Self.trimmed(PQresultErrorMessage(result)),
            sqlState: sqlState, detail: field(UInt8(ascii: "D")), hint: field(UInt8(ascii: "H")),
            constraint: field(UInt8(ascii: "n")))
    }

    static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "" }
        // libpq's messages span lines ("…failed: reason\n\tIs the server running…"); keep them on one line.
        let lines = String(cString: message).split(whereSeparator: \.isNewline)
        return lines.map { $0.drop { $0.isWhitespace } }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}

/// Calls `body` with C pointers to each parameter's bytes (nil for NULL), valid only during the call.
private func withParameterPointers<R>(
    _ values: [[UInt8]?], _ body: ([UnsafePointer<CChar>?]) -> R
) -> R {
    var storage: [UnsafeMutablePointer<CChar>?] = []
    storage.reserveCapacity(values.count)
    defer { for pointer in storage { pointer?.deallocate() } }
    for value in values {
        guard let value else {
            storage.append(nil)
            continue
        }
        let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: max(value.count, 1))
        value.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress {
                UnsafeMutableRawPointer(pointer).copyMemory(from: base, byteCount: bytes.count)
            }
        }
        storage.append(pointer)
    }
    return body(storage.map { $0.map { UnsafePointer($0) } })
}

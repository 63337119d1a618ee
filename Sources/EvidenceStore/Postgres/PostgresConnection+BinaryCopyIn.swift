import CLibPQ
import Statecharts

/// Rows in PostgreSQL's binary `COPY` format, written straight into a byte buffer and sent as it fills: no text to
/// parse on the server (timestamps, integers and `bytea` travel as their binary values) and nothing to escape on the
/// client.
public struct BinaryCopyRows {
    /// The connection the rows go to.
    let connection: PostgresConnection
    /// The bytes not sent yet.
    var bytes: [UInt8] = []

    /// How many bytes to gather before handing them to the connection: well under a socket's buffer, so that the
    /// server works on one piece while the next is written (with large pieces each side waits for the other in turn).
    static let sendSize = 32 << 10

    /// The file header: signature, flags and header-extension length.
    static let header: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [0, 0, 0, 0] + [0, 0, 0, 0]

    /// Starts a row of `fields` values; exactly that many values follow. Sends the rows before it when enough
    /// have gathered.
    ///
    /// - Throws: ``PostgresError`` when the connection fails.
    public mutating func startRow(fields: Int16) throws(PostgresError) {
        if bytes.count >= Self.sendSize { try connection.sendCopyData(&bytes) }
        append(fields)
    }

    /// A `text` value (its UTF-8 bytes).
    public mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            append(Int32(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// A `text` value given as UTF-8 bytes, or a `bytea` value given as its raw bytes.
    public mutating func raw(_ value: some Collection<UInt8>) {
        append(Int32(value.count))
        bytes.append(contentsOf: value)
    }

    /// A `bigint` value.
    public mutating func int8(_ value: Int64) {
        append(Int32(8))
        append(value)
    }

    /// A `timestamptz` value, exact to the microsecond.
    public mutating func timestamp(_ instant: Instant) {
        int8(instant.microsecondsSinceEpoch &- PostgresValue.postgresEpochOffset)
    }

    /// A `boolean` value.
    public mutating func bool(_ value: Bool) {
        append(Int32(1))
        bytes.append(value ? 1 : 0)
    }

    /// SQL NULL.
    public mutating func null() {
        append(Int32(-1))
    }

    private mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}

extension PostgresConnection {
    /// Streams rows into a table with `COPY … FROM STDIN (FORMAT binary)`.
    ///
    /// - Parameters:
    ///   - sql: A `COPY table (columns) FROM STDIN (FORMAT binary)` statement.
    ///   - write: Writes the rows, each starting with ``BinaryCopyRows/startRow(fields:)`` and giving the columns'
    ///     values in the statement's order and types.
    /// - Returns: The number of rows the server reports copied.
    /// - Throws: ``PostgresError`` from the server (the whole COPY is then void), or what `write` throws (the COPY is
    ///   then ended with an error and void).
    @discardableResult
    public func copyInBinary(_ sql: String, write: (inout BinaryCopyRows) throws -> Void) throws -> Int {
        try withHandle { handle throws(PostgresError) in
            guard let start = PQexecParams(handle, sql, 0, nil, nil, nil, nil, 0) else { throw connectionError() }
            guard PQresultStatus(start) == PGRES_COPY_IN else {
                defer { PQclear(start) }
                throw serverError(start)
            }
            PQclear(start)
        }
        var rows = BinaryCopyRows(connection: self)
        rows.bytes.reserveCapacity(2 * BinaryCopyRows.sendSize)
        rows.bytes.append(contentsOf: BinaryCopyRows.header)
        var failure: (any Error)?
        do {
            try write(&rows)
            rows.bytes.append(contentsOf: [0xFF, 0xFF])
            try sendCopyData(&rows.bytes)
        } catch {
            failure = error
        }
        return try finishCopy(failure: failure)
    }

    /// Hands bytes of a COPY to the connection and empties the buffer.
    func sendCopyData(_ buffer: inout [UInt8]) throws(PostgresError) {
        guard !buffer.isEmpty else { return }
        try withHandle { handle throws(PostgresError) in
            let status = buffer.withUnsafeBytes { bytes in
                PQputCopyData(handle, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
            }
            guard status == 1 else { throw connectionError() }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Ends a COPY (with an error when `failure` is set) and reads its outcome.
    private func finishCopy(failure: (any Error)?) throws -> Int {
        let outcome: Result<Int, PostgresError> = try withHandle { handle in
            PQputCopyEnd(handle, failure == nil ? nil : "client error")
            var copied = 0
            var serverFailure: PostgresError?
            while let result = PQgetResult(handle) {
                defer { PQclear(result) }
                if PQresultStatus(result) == PGRES_COMMAND_OK {
                    copied = Int(String(cString: PQcmdTuples(result))) ?? 0
                } else if serverFailure == nil {
                    serverFailure = serverError(result)
                }
            }
            if let serverFailure { return .failure(serverFailure) }
            return .success(copied)
        }
        if let failure { throw failure }
        return try outcome.get()
    }
}

import CLibPQ

extension PostgresConnection {
    /// Streams rows into a table with `COPY … FROM STDIN` (text format), sent in small pieces as
    /// ``copyInBinary(_:write:)`` sends them.
    ///
    /// - Parameters:
    ///   - sql: A `COPY table (columns) FROM STDIN` statement.
    ///   - rows: The rows; each cell is text or nil for NULL, and is escaped here.
    /// - Returns: The number of rows the server reports copied.
    /// - Throws: ``PostgresError`` from the server (the whole COPY is then void).
    @discardableResult
    public func copyIn(_ sql: String, rows: some Sequence<[String?]>) throws(PostgresError) -> Int {
        try withHandle { handle throws(PostgresError) in
            guard let start = PQexecParams(handle, sql, 0, nil, nil, nil, nil, 0) else { throw connectionError() }
            guard PQresultStatus(start) == PGRES_COPY_IN else {
                defer { PQclear(start) }
                throw serverError(start)
            }
            PQclear(start)
            var buffer: [UInt8] = []
            buffer.reserveCapacity(2 * BinaryCopyRows.sendSize)
            var failure: PostgresError?
            for row in rows {
                Self.appendCopyRow(row, to: &buffer)
                if buffer.count >= BinaryCopyRows.sendSize {
                    if let error = send(&buffer, handle) {
                        failure = error
                        break
                    }
                }
            }
            if failure == nil, let error = send(&buffer, handle) { failure = error }
            PQputCopyEnd(handle, failure == nil ? nil : "client error")
            var copied = 0
            while let result = PQgetResult(handle) {
                defer { PQclear(result) }
                if PQresultStatus(result) == PGRES_COMMAND_OK {
                    copied = Int(String(cString: PQcmdTuples(result))) ?? 0
                } else if failure == nil {
                    failure = serverError(result)
                }
            }
            if let failure { throw failure }
            return copied
        }
    }

    private func send(_ buffer: inout [UInt8], _ handle: OpaquePointer) -> PostgresError? {
        guard !buffer.isEmpty else { return nil }
        let status = buffer.withUnsafeBytes { bytes in
            PQputCopyData(handle, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
        }
        buffer.removeAll(keepingCapacity: true)
        return status == 1 ? nil : connectionError()
    }

    /// Appends one row in COPY text format: tab-separated, `\N` for NULL, with `\`, tab, CR and LF escaped.
    static func appendCopyRow(_ row: [String?], to buffer: inout [UInt8]) {
        for (column, cell) in row.enumerated() {
            if column > 0 { buffer.append(0x09) }
            guard let cell else {
                buffer.append(contentsOf: [0x5C, 0x4E])
                continue
            }
            for byte in cell.utf8 {
                switch byte {
                case 0x5C: buffer.append(contentsOf: [0x5C, 0x5C])
                case 0x09: buffer.append(contentsOf: [0x5C, 0x74])
                case 0x0A: buffer.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: buffer.append(contentsOf: [0x5C, 0x72])
                default: buffer.append(byte)
                }
            }
        }
        buffer.append(0x0A)
    }
}

import AccreditEngine

extension CaseLog {
    /// Whether `text` can be a client request id: 1–128 of letters, digits and `. _ : -`, starting with a letter or
    /// digit (the database checks the same).
    public static func isValidRequestID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, bytes.count <= 128, isAlphanumeric(first) else { return false }
        return bytes.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ":")
                || $0 == UInt8(ascii: "-")
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// The event a client request already produced in a case, if any.
    ///
    /// - Throws: ``StoreError`` `.environment` on database errors.
    public func event(forRequest requestID: String, caseID: String) throws(StoreError) -> StoredEvent? {
        try storeOperation(caseID: caseID) {
            let rows = try connection.query(
                """
                SELECT e.seq, e.type, e.actor_id, e.occurred_at, e.payload, e.definition_hash, e.prev_hash, e.hash,
                       e.recorded_at, e.imported
                FROM case_requests r JOIN case_events e ON e.case_id = r.case_id AND e.seq = r.seq
                WHERE r.case_id = $1 AND r.request_id = $2
                """, [.text(caseID), .text(requestID)])
            guard let row = rows.first else { return nil }
            return try Self.storedEvent(row, caseID: caseID)
        }
    }

    /// The statement that records a request id against the event it produced, for ``append(caseID:expectedVersion:expectedHead:events:definitionHash:projection:timers:alsoStatements:)``.
    public static func requestStatement(caseID: String, requestID: String, seq: Int64) -> PostgresStatement {
        PostgresStatement(
            "INSERT INTO case_requests (case_id, request_id, seq) VALUES ($1, $2, $3)",
            [.text(caseID), .text(requestID), .int(seq)])
    }
}

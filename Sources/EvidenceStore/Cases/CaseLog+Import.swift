import AccreditEngine
import Statecharts

extension CaseLog {
    /// Appends a long history in one transaction with `COPY`: for importing cases from another system. The events
    /// are marked imported: they keep the times they carry (none in the store's future), and the case must have
    /// been created as imported (``NewCase/imported``) with no live event yet, or the database refuses them.
    ///
    /// The events are hashed in Swift exactly as ``append(caseID:expectedVersion:events:definitionHash:projection:timers:alsoInTransaction:)``
    /// does; the version check, the gapless constraint and the projection update are the same.
    ///
    /// - Returns: The number of events imported.
    /// - Throws: ``StoreError`` (`.conflict` when the case moved on), and nothing is imported.
    @discardableResult
    public func importHistory(
        caseID: String, expectedVersion: Int64, events: [NewEvent], definitionHash: String, projection: CaseProjection
    ) throws(StoreError) -> Int {
        guard !events.isEmpty else { return 0 }
        do {
            return try connection.transaction { db in
                try Self.copyHistory(
                    db, caseID: caseID, expectedVersion: expectedVersion, events: events,
                    definitionHash: definitionHash, projection: projection)
            }
        } catch let error as PostgresError {
            throw StoreError.from(error, caseID: caseID, expectedVersion: expectedVersion)
        } catch {
            throw StoreError(code: .environment, message: "\(error)", caseID: caseID)
        }
    }

    /// Creates an imported case and its history in one transaction: the case (opened when it was opened in the
    /// earlier system), its events marked imported, its projection, its pending deadlines and `alsoStatements` (the
    /// conflicts declared in its history, for the register). Nothing is written if any part is refused.
    ///
    /// - Returns: The number of events imported.
    /// - Throws: ``StoreError``: `.invalid` for a taken case id, `.clockMismatch` for a time in the store's future.
    @discardableResult
    public func importCase(
        _ new: NewCase, events: [NewEvent], definitionHash: String, projection: CaseProjection,
        timers: [TimerChange], alsoStatements: [PostgresStatement] = []
    ) throws(StoreError) -> Int {
        guard !events.isEmpty else {
            throw StoreError(code: .invalid, message: "nothing to import into case \(new.caseID)", caseID: new.caseID)
        }
        var new = new
        new.imported = true
        let create = Self.caseInsert(new, projection: projection)
        do {
            return try connection.transaction { db in
                try db.execute(create.sql, create.parameters)
                let copied = try Self.copyHistory(
                    db, caseID: new.caseID, expectedVersion: 0, events: events, definitionHash: definitionHash,
                    projection: projection)
                for timer in timers {
                    let statement = Self.timerStatement(timer, caseID: new.caseID, seq: Int64(events.count))
                    try db.execute(statement.sql, statement.parameters)
                }
                for statement in alsoStatements { try db.execute(statement.sql, statement.parameters) }
                return copied
            }
        } catch let error as PostgresError {
            if error.hasSQLState(PostgresError.SQLState.uniqueViolation) {
                throw StoreError(
                    code: .invalid, message: "case \(new.caseID) already exists; choose another id", caseID: new.caseID,
                    underlying: error)
            }
            throw StoreError.from(error, caseID: new.caseID)
        } catch {
            throw StoreError(code: .environment, message: "\(error)", caseID: new.caseID)
        }
    }

    /// COPYs events after `expectedVersion`, marked imported, and moves the projection; inside a transaction.
    private static func copyHistory(
        _ db: PostgresConnection, caseID: String, expectedVersion: Int64, events: [NewEvent], definitionHash: String,
        projection: CaseProjection
    ) throws -> Int {
        let rows = try db.query(
            "SELECT head_hash FROM cases WHERE case_id = $1 FOR UPDATE", [.text(caseID)])
        var previous = try rows.first?["head_hash"].byteArray() ?? HashChain.genesis
        try db.query(
            "SELECT accredit_lock_case($1, $2, $3)", [.text(caseID), .int(expectedVersion), .bytea(previous)])
        var seq = expectedVersion
        let copied = try db.copyIn(
            """
            COPY case_events (case_id, seq, type, actor_id, occurred_at, payload, definition_hash, prev_hash, hash,
                              imported)
            FROM STDIN
            """,
            rows: events.lazy.map { event -> [String?] in
                seq += 1
                let envelope = EventEnvelope(
                    caseID: caseID, seq: seq, type: event.type, actor: event.actor,
                    occurredAt: event.occurredAt, payload: event.payload, definitionHash: definitionHash)
                let hash = HashChain.hash(previous: previous, envelope: envelope)
                defer { previous = hash }
                return [
                    caseID, String(seq), event.type, event.actor, event.occurredAt.iso8601,
                    CanonicalJSON.encode(event.payload), definitionHash, "\\x" + HashChain.hex(previous),
                    "\\x" + HashChain.hex(hash), "t",
                ]
            })
        let update = Self.projectionUpdate(
            caseID: caseID, version: seq, head: previous, projection: projection,
            at: events[events.count - 1].occurredAt)
        try db.execute(update.sql, update.parameters)
        return copied
    }
}

extension CaseLog {
    /// Refreshes the planner's statistics of the case tables (`VACUUM ANALYZE`), as is wise after a large import:
    /// reads of a freshly loaded log are otherwise planned on stale row counts.
    ///
    /// - Throws: ``StoreError`` `.environment` on database errors.
    public func refreshStatistics() throws(StoreError) {
        try storeOperation(caseID: nil) {
            try connection.execute("VACUUM ANALYZE case_events")
            try connection.execute("VACUUM ANALYZE cases")
        }
    }
}

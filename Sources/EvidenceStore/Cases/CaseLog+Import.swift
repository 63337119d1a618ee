import AccreditEngine
import Statecharts

extension CaseLog {
    /// Appends a long history in one transaction with `COPY`: for importing cases from another system.
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
                let rows = try db.query(
                    "SELECT head_hash FROM cases WHERE case_id = $1 FOR UPDATE", [.text(caseID)])
                var previous = try rows.first?["head_hash"].byteArray() ?? HashChain.genesis
                try db.query(
                    "SELECT accredit_lock_case($1, $2, $3)", [.text(caseID), .int(expectedVersion), .bytea(previous)])
                var seq = expectedVersion
                let copied = try db.copyIn(
                    """
                    COPY case_events (case_id, seq, type, actor_id, occurred_at, payload, definition_hash, prev_hash, hash)
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
                            "\\x" + HashChain.hex(hash),
                        ]
                    })
                let update = Self.projectionUpdate(
                    caseID: caseID, version: seq, head: previous, projection: projection,
                    at: events[events.count - 1].occurredAt)
                try db.execute(update.sql, update.parameters)
                return copied
            }
        } catch let error as PostgresError {
            throw StoreError.from(error, caseID: caseID, expectedVersion: expectedVersion)
        } catch {
            throw StoreError(code: .environment, message: "\(error)", caseID: caseID)
        }
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

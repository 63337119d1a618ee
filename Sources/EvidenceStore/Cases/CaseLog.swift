import AccreditEngine

/// The event-sourced case log in PostgreSQL: cases, their hash-chained events, projections, timers and snapshots.
///
/// Every append states the version it expects. Exactly one of several concurrent writers wins each version; the
/// others get ``StoreError`` with code `.conflict`, raised by the database with a dedicated SQLSTATE.
public struct CaseLog {
    /// The connection the log works through.
    public let connection: PostgresConnection

    /// Creates a log over a migrated database.
    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Opens a case at version 0 with an initial projection.
    ///
    /// - Throws: ``StoreError``: `.invalid` when the id is taken or malformed, `.notFound` for an unknown
    ///   organisation or an unpublished definition version.
    public func createCase(_ new: NewCase, projection: CaseProjection) throws(StoreError) {
        do {
            try connection.execute(
                """
                INSERT INTO cases (case_id, organisation_id, workflow_name, workflow_version, framework_name,
                                   framework_version, opened_at, status, configuration, deadlines, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, string_to_array($9, E'\\x1f'), $10, $7)
                """,
                [
                    .text(new.caseID), .text(new.organisationID), .text(new.workflow.name), .text(new.workflow.version),
                    .text(new.framework.name), .text(new.framework.version), .timestamp(new.openedAt),
                    .text(projection.status), Self.textArray(projection.configuration),
                    .jsonb(CanonicalJSON.encode(projection.deadlines)),
                ])
        } catch {
            if error.hasSQLState(PostgresError.SQLState.uniqueViolation) {
                throw StoreError(
                    code: .invalid, message: "case \(new.caseID) already exists; choose another id",
                    caseID: new.caseID, underlying: error)
            }
            throw StoreError.from(error, caseID: new.caseID)
        }
    }

    /// Appends events to a case in one transaction, with the projection and timer changes they cause.
    ///
    /// - Parameters:
    ///   - caseID: The case.
    ///   - expectedVersion: The version the caller loaded; the append fails if the case has moved on.
    ///   - events: The events, in order; they get seq `expectedVersion + 1`, `+ 2`, ….
    ///   - definitionHash: The hash of the workflow and framework versions the case runs on.
    ///   - projection: The case's read model after these events.
    ///   - timers: Deadlines to schedule or cancel.
    ///   - alsoInTransaction: More work to commit atomically with the events (for example an evidence row).
    /// - Returns: The stored events with their hashes.
    /// - Throws: ``StoreError``: `.conflict` when another writer won, `.notFound`, `.invalid` or `.environment`.
    @discardableResult
    public func append(
        caseID: String, expectedVersion: Int64, events: [NewEvent], definitionHash: String,
        projection: CaseProjection, timers: [TimerChange] = [],
        alsoInTransaction: ((PostgresConnection, [StoredEvent]) throws -> Void)? = nil
    ) throws -> [StoredEvent] {
        guard !events.isEmpty else {
            throw StoreError(code: .invalid, message: "nothing to append to case \(caseID)", caseID: caseID)
        }
        do {
            return try connection.transaction { db in
                let head = try lock(db, caseID: caseID, expectedVersion: expectedVersion)
                let stored = try insert(db, caseID: caseID, after: expectedVersion, head: head, events, definitionHash)
                guard let last = stored.last else { preconditionFailure("events is not empty") }
                try db.execute(
                    """
                    UPDATE cases SET version = $2, head_hash = $3, status = $4,
                           configuration = string_to_array($5, E'\\x1f'), deadlines = $6, updated_at = $7
                    WHERE case_id = $1
                    """,
                    [
                        .text(caseID), .int(last.envelope.seq), .bytea(last.hash), .text(projection.status),
                        Self.textArray(projection.configuration), .jsonb(CanonicalJSON.encode(projection.deadlines)),
                        .timestamp(last.envelope.occurredAt),
                    ])
                try apply(timers, in: db, caseID: caseID, seq: last.envelope.seq)
                try alsoInTransaction?(db, stored)
                return stored
            }
        } catch let error as PostgresError {
            throw StoreError.from(error, caseID: caseID, expectedVersion: expectedVersion)
        }
    }

    private func lock(_ db: PostgresConnection, caseID: String, expectedVersion: Int64) throws -> [UInt8] {
        let rows = try db.query("SELECT accredit_lock_case($1, $2) AS head", [.text(caseID), .int(expectedVersion)])
        guard let head = try rows.first?["head"].byteArray() else {
            throw PostgresError(code: .misuse, message: "accredit_lock_case returned no row")
        }
        return head
    }

    private func insert(
        _ db: PostgresConnection, caseID: String, after version: Int64, head: [UInt8], _ events: [NewEvent],
        _ definitionHash: String
    ) throws -> [StoredEvent] {
        var previous = head
        var stored: [StoredEvent] = []
        for (offset, event) in events.enumerated() {
            let envelope = EventEnvelope(
                caseID: caseID, seq: version + Int64(offset) + 1, type: event.type, actor: event.actor,
                occurredAt: event.occurredAt, payload: event.payload, definitionHash: definitionHash)
            let hash = HashChain.hash(previous: previous, envelope: envelope)
            let payload = CanonicalJSON.encode(event.payload)
            let rows = try db.query(
                """
                INSERT INTO case_events (case_id, seq, type, actor_id, occurred_at, payload, definition_hash,
                                         prev_hash, hash)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING recorded_at
                """,
                [
                    .text(caseID), .int(envelope.seq), .text(event.type), .text(event.actor),
                    .timestamp(event.occurredAt), .text(payload), .text(definitionHash), .bytea(previous), .bytea(hash),
                ])
            let recordedAt = try rows.first?["recorded_at"].instant() ?? event.occurredAt
            stored.append(
                StoredEvent(
                    envelope: envelope, previousHash: previous, hash: hash, storedPayload: payload,
                    recordedAt: recordedAt))
            previous = hash
        }
        return stored
    }

    private func apply(_ timers: [TimerChange], in db: PostgresConnection, caseID: String, seq: Int64) throws {
        for change in timers {
            switch change {
            case .schedule(let id, let due, let event, let data):
                try db.execute(
                    """
                    INSERT INTO timers (case_id, timer_id, due_at, event_name, event_data, set_by_seq)
                    VALUES ($1, $2, $3, $4, $5, $6)
                    ON CONFLICT (case_id, timer_id) DO UPDATE
                    SET due_at = EXCLUDED.due_at, event_name = EXCLUDED.event_name,
                        event_data = EXCLUDED.event_data, set_by_seq = EXCLUDED.set_by_seq
                    """,
                    [
                        .text(caseID), .text(id), .timestamp(due), .text(event), .text(CanonicalJSON.encode(data)),
                        .int(seq),
                    ])
            case .cancel(let id):
                try db.execute("DELETE FROM timers WHERE case_id = $1 AND timer_id = $2", [.text(caseID), .text(id)])
            }
        }
    }

    /// Joins strings with the unit separator for `string_to_array`; state ids are XML names and never contain it.
    static func textArray(_ items: [String]) -> PostgresValue {
        .text(items.joined(separator: "\u{1f}"))
    }
}

import AccreditEngine
import Statecharts

/// The event-sourced case log in PostgreSQL: cases, their hash-chained events, projections, timers and snapshots.
///
/// Every append states the version it expects. Exactly one of several concurrent writers wins each version; the
/// others get ``StoreError`` with code `.conflict`, raised by the database with a dedicated SQLSTATE.
public struct CaseLog {
    /// The connection the log works through.
    let connection: PostgresConnection

    /// Creates a log over a migrated database.
    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Opens a case at version 0 with an initial projection.
    ///
    /// - Throws: ``StoreError``: `.invalid` when the id is taken or malformed, `.notFound` for an unknown
    ///   organisation or an unpublished definition version.
    public func createCase(_ new: NewCase, projection: CaseProjection) throws(StoreError) {
        let insert = Self.caseInsert(new, projection: projection)
        do {
            try connection.execute(insert.sql, insert.parameters)
        } catch {
            if error.hasSQLState(PostgresError.SQLState.uniqueViolation) {
                throw StoreError(
                    code: .invalid, message: "case \(new.caseID) already exists; choose another id",
                    caseID: new.caseID, underlying: error)
            }
            throw StoreError.from(error, caseID: new.caseID)
        }
    }

    /// The statement that creates a case at version 0 with its initial projection.
    static func caseInsert(_ new: NewCase, projection: CaseProjection) -> PostgresStatement {
        PostgresStatement(
            """
            INSERT INTO cases (case_id, organisation_id, workflow_name, workflow_version, framework_name,
                               framework_version, opened_at, status, configuration, deadlines, updated_at, imported)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, string_to_array($9, E'\\x1f'), $10, $7, $11)
            """,
            [
                .text(new.caseID), .text(new.organisationID), .text(new.workflow.name), .text(new.workflow.version),
                .text(new.framework.name), .text(new.framework.version), .timestamp(new.openedAt),
                .text(projection.status), textArray(projection.configuration),
                .jsonb(CanonicalJSON.encode(projection.deadlines)), .bool(new.imported),
            ])
    }

    /// Appends events to a case atomically, with the projection and timer changes they cause, in one round trip.
    ///
    /// - Parameters:
    ///   - caseID: The case.
    ///   - expectedVersion: The version the caller loaded; the append fails if the case has moved on.
    ///   - expectedHead: The head hash at that version, when the caller has it (saves a read).
    ///   - events: The events, in order; they get seq `expectedVersion + 1`, `+ 2`, ….
    ///   - definitionHash: The hash of the workflow and framework versions the case runs on.
    ///   - projection: The case's read model after these events.
    ///   - timers: Deadlines to schedule or cancel.
    ///   - alsoStatements: More statements to commit atomically with the events (for example an evidence row).
    /// - Returns: The stored events with their hashes.
    /// - Throws: ``StoreError``: `.conflict` when another writer won, `.caseNotFound`, `.notFound`, `.invalid` or `.environment`.
    ///
    /// Outside a transaction the append is its own transaction, one pipelined round trip; inside
    /// ``whileLocked(_:_:)`` its statements join that transaction.
    @discardableResult
    public func append(
        caseID: String, expectedVersion: Int64, expectedHead: [UInt8]? = nil, events: [NewEvent],
        definitionHash: String, projection: CaseProjection, timers: [TimerChange] = [],
        alsoStatements: [PostgresStatement] = []
    ) throws(StoreError) -> [StoredEvent] {
        guard !events.isEmpty else {
            throw StoreError(code: .invalid, message: "nothing to append to case \(caseID)", caseID: caseID)
        }
        let head: [UInt8]
        if let expectedHead {
            head = expectedHead
        } else {
            head = try currentHead(caseID: caseID, expectedVersion: expectedVersion)
        }
        let stored = Self.chain(caseID: caseID, after: expectedVersion, head: head, events, definitionHash)
        guard let last = stored.last else { preconditionFailure("events is not empty") }
        var statements = [
            PostgresStatement(
                "SELECT accredit_lock_case($1, $2, $3)", [.text(caseID), .int(expectedVersion), .bytea(head)])
        ]
        statements += stored.map { event in
            PostgresStatement(
                """
                INSERT INTO case_events (case_id, seq, type, actor_id, occurred_at, payload, definition_hash,
                                         prev_hash, hash)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                """,
                [
                    .text(caseID), .int(event.envelope.seq), .text(event.envelope.type), .text(event.envelope.actor),
                    .timestamp(event.envelope.occurredAt), .text(event.storedPayload), .text(definitionHash),
                    .bytea(event.previousHash), .bytea(event.hash),
                ])
        }
        statements.append(
            Self.projectionUpdate(
                caseID: caseID, version: last.envelope.seq, head: last.hash, projection: projection,
                at: last.envelope.occurredAt))
        statements += timers.map { Self.timerStatement($0, caseID: caseID, seq: last.envelope.seq) }
        statements += alsoStatements
        do {
            if connection.isInTransaction {
                // Inside ``whileLocked(_:_:)``: the same statements, one at a time, committed by the caller.
                for statement in statements { try connection.execute(statement.sql, statement.parameters) }
            } else {
                try connection.pipeline(statements)
            }
        } catch {
            throw StoreError.from(error, caseID: caseID, expectedVersion: expectedVersion)
        }
        return stored
    }

    /// Reads the head hash, failing fast with a conflict when the version already differs.
    private func currentHead(caseID: String, expectedVersion: Int64) throws(StoreError) -> [UInt8] {
        let rows: [PostgresRow]
        do {
            rows = try connection.query("SELECT version, head_hash FROM cases WHERE case_id = $1", [.text(caseID)])
        } catch {
            throw StoreError.from(error, caseID: caseID)
        }
        guard let row = rows.first else {
            throw StoreError.caseNotFound(caseID)
        }
        do {
            let version = try row["version"].int()
            guard version == expectedVersion else {
                throw StoreError.conflict(caseID: caseID, actual: version, expected: expectedVersion)
            }
            return try row["head_hash"].byteArray()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(code: .corrupt, message: "case \(caseID) has an unreadable head: \(error)", caseID: caseID)
        }
    }

    /// Envelopes and hashes for events following `head` at version `after`.
    static func chain(
        caseID: String, after version: Int64, head: [UInt8], _ events: [NewEvent], _ definitionHash: String
    ) -> [StoredEvent] {
        var previous = head
        return events.enumerated().map { offset, event in
            let envelope = EventEnvelope(
                caseID: caseID, seq: version + Int64(offset) + 1, type: event.type, actor: event.actor,
                occurredAt: event.occurredAt, payload: event.payload, definitionHash: definitionHash)
            let hash = HashChain.hash(previous: previous, envelope: envelope)
            defer { previous = hash }
            return StoredEvent(
                envelope: envelope, previousHash: previous, hash: hash,
                storedPayload: CanonicalJSON.encode(event.payload),
                recordedAt: event.occurredAt)
        }
    }

    static func timerStatement(_ change: TimerChange, caseID: String, seq: Int64) -> PostgresStatement {
        switch change {
        case .schedule(let id, let due, let event, let data):
            PostgresStatement(
                """
                INSERT INTO timers (case_id, timer_id, due_at, event_name, event_data, set_by_seq)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (case_id, timer_id) DO UPDATE
                SET due_at = EXCLUDED.due_at, event_name = EXCLUDED.event_name,
                    event_data = EXCLUDED.event_data, set_by_seq = EXCLUDED.set_by_seq
                """,
                [.text(caseID), .text(id), .timestamp(due), .text(event), .text(CanonicalJSON.encode(data)), .int(seq)])
        case .cancel(let id):
            PostgresStatement("DELETE FROM timers WHERE case_id = $1 AND timer_id = $2", [.text(caseID), .text(id)])
        }
    }

    /// The statement that moves the case head to `version`/`head` and stores the projection.
    static func projectionUpdate(
        caseID: String, version: Int64, head: [UInt8], projection: CaseProjection, at: Instant
    ) -> PostgresStatement {
        PostgresStatement(
            """
            UPDATE cases SET version = $2, head_hash = $3, status = $4,
                   configuration = string_to_array($5, E'\\x1f'), deadlines = $6, updated_at = $7
            WHERE case_id = $1
            """,
            [
                .text(caseID), .int(version), .bytea(head), .text(projection.status),
                textArray(projection.configuration),
                .jsonb(CanonicalJSON.encode(projection.deadlines)), .timestamp(at),
            ])
    }

    /// Joins strings with the unit separator for `string_to_array`; state ids are XML names and never contain it.
    static func textArray(_ items: [String]) -> PostgresValue {
        .text(items.joined(separator: "\u{1f}"))
    }

    /// Runs `body` in a transaction that first takes the case's row lock (the lock every append takes), so that no
    /// other writer can append to the case until `body` returns and the transaction commits: what `body` loads it
    /// can append to without losing a race. Others' appends wait meanwhile, so keep `body` short.
    ///
    /// - Throws: ``StoreError`` (`.caseNotFound`, a lock or statement timeout), or what `body` throws (then
    ///   nothing `body` wrote is kept).
    public func whileLocked<T>(_ caseID: String, _ body: () throws -> T) throws -> T {
        do {
            return try connection.transaction { connection in
                let rows = try connection.query(
                    "SELECT version FROM cases WHERE case_id = $1 FOR UPDATE", [.text(caseID)])
                guard !rows.isEmpty else { throw StoreError.caseNotFound(caseID) }
                return try body()
            }
        } catch let error as PostgresError {
            throw StoreError.from(error, caseID: caseID)
        }
    }
}

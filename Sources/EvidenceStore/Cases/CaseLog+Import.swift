import AccreditEngine
import Statecharts

/// A case and its whole history from an earlier system, for ``CaseLog/importCases(_:)``.
public struct ImportedCase: Sendable {
    /// The case, opened when it was opened in the earlier system (it is stored marked imported).
    public var new: NewCase
    /// Its events, in order; at least one.
    public var events: [NewEvent]
    /// The hash of the workflow and framework versions the events were accepted under.
    public var definitionHash: String
    /// The case's read model after the events.
    public var projection: CaseProjection
    /// Its pending deadlines (only schedules mean anything for a new case).
    public var timers: [TimerChange]
    /// More statements to commit with it, such as the conflicts declared in its history.
    public var alsoStatements: [PostgresStatement]

    /// Creates a case to import.
    public init(
        _ new: NewCase, events: [NewEvent], definitionHash: String, projection: CaseProjection,
        timers: [TimerChange] = [], alsoStatements: [PostgresStatement] = []
    ) {
        self.new = new
        self.events = events
        self.definitionHash = definitionHash
        self.projection = projection
        self.timers = timers
        self.alsoStatements = alsoStatements
    }
}

extension CaseLog {
    /// Creates imported cases with their histories in one transaction: the cases (opened when they were opened in
    /// the earlier system), every event in one binary `COPY`, marked imported and hash-chained here exactly as
    /// ``append(caseID:expectedVersion:expectedHead:events:definitionHash:projection:timers:alsoStatements:)`` chains
    /// them, then the projections, the pending deadlines and `alsoStatements`. Nothing is written if any part is
    /// refused.
    ///
    /// The database checks the events a statement at a time (migration 0018): each case exists and is imported, the
    /// actors are registered, seq is gapless, and no event lies in the store's future.
    ///
    /// - Returns: The number of events imported.
    /// - Throws: ``StoreError``: `.invalid` for a taken or repeated case id or a case without events,
    ///   `.clockMismatch` for a time in the store's future, `.notFound` for an unknown actor, organisation or
    ///   definition.
    @discardableResult
    public func importCases(_ cases: [ImportedCase]) throws(StoreError) -> Int {
        let sorted = try Self.primaryKeyOrder(cases)
        guard !sorted.isEmpty else { return 0 }
        let only = sorted.count == 1 ? sorted[0].new.caseID : nil
        do {
            return try connection.transaction { db in try Self.write(sorted, db) }
        } catch let error as PostgresError {
            throw Self.importFailure(error, only: only)
        } catch {
            throw StoreError(code: .environment, message: "\(error)", caseID: only)
        }
    }

    /// Imports cases a batch at a time, all in one transaction, as ``importCases(_:)`` imports one batch: `next`
    /// gives each batch (nil at the end) and runs inside the transaction, on this connection, so it sees what the
    /// batches before it wrote. Memory is bounded by a batch; nothing is written unless every batch is.
    ///
    /// - Returns: The number of events imported.
    /// - Throws: ``StoreError`` as ``importCases(_:)`` does, or whatever `next` throws; nothing is imported.
    @discardableResult
    public func importCases(batches next: () throws -> [ImportedCase]?) throws -> Int {
        do {
            return try connection.transaction { db in
                var imported = 0
                while let batch = try next() {
                    imported += try Self.write(try Self.primaryKeyOrder(batch), db)
                }
                return imported
            }
        } catch let error as PostgresError {
            throw Self.importFailure(error, only: nil)
        }
    }

    /// The cases in the primary key's order (rows arrive where its index grows, which is what COPY does fastest).
    ///
    /// - Throws: ``StoreError`` `.invalid` for a case without events or a case id given twice.
    static func primaryKeyOrder(_ cases: [ImportedCase]) throws(StoreError) -> [ImportedCase] {
        let sorted = cases.sorted { $0.new.caseID.utf8.lexicographicallyPrecedes($1.new.caseID.utf8) }
        for (index, item) in sorted.enumerated() {
            guard !item.events.isEmpty else {
                throw StoreError(
                    code: .invalid, message: "nothing to import into case \(item.new.caseID)", caseID: item.new.caseID)
            }
            if index > 0, sorted[index - 1].new.caseID == item.new.caseID {
                throw StoreError(
                    code: .invalid, message: "case \(item.new.caseID) is given twice; import it once",
                    caseID: item.new.caseID)
            }
        }
        return sorted
    }

    /// Writes sorted cases inside an open transaction: the cases, every event in one binary COPY, the projections,
    /// the pending deadlines and the extra statements. Returns the number of events.
    private static func write(_ sorted: [ImportedCase], _ db: PostgresConnection) throws -> Int {
        guard !sorted.isEmpty else { return 0 }
        try db.execute(Self.casesInsertSQL, [.jsonb(CanonicalJSON.encode(Self.caseRows(sorted)))])
        var heads: [[UInt8]] = []
        heads.reserveCapacity(sorted.count)
        let copied = try Self.copyEvents(
            db,
            runs: sorted.map {
                EventRun(
                    caseID: $0.new.caseID, after: 0, head: HashChain.genesis, events: $0.events,
                    definitionHash: $0.definitionHash)
            }, heads: &heads)
        try db.execute(
            Self.projectionsUpdateSQL, [.jsonb(CanonicalJSON.encode(Self.projectionRows(sorted, heads: heads)))])
        let timers = Self.timerRows(sorted)
        if case .array(let rows) = timers, !rows.isEmpty {
            try db.execute(Self.timersInsertSQL, [.jsonb(CanonicalJSON.encode(timers))])
        }
        for item in sorted {
            for statement in item.alsoStatements { try db.execute(statement.sql, statement.parameters) }
        }
        return copied
    }

    /// An import's database failure as a store error: a case id already taken says so.
    private static func importFailure(_ error: PostgresError, only: String?) -> StoreError {
        if error.hasSQLState(PostgresError.SQLState.uniqueViolation), error.constraint == "cases_pkey" {
            // The id is the importer's own (PostgreSQL's detail reads `Key (case_id)=(C-7) already exists.`): the
            // sentence names it, and quotes nothing else of the database.
            let detail = error.detail ?? ""
            let prefix = "Key (case_id)=("
            let suffix = ") already exists."
            let taken =
                only
                ?? (detail.hasPrefix(prefix) && detail.hasSuffix(suffix)
                    ? String(detail.dropFirst(prefix.count).dropLast(suffix.count)) : nil)
            guard let taken else {
                return StoreError(
                    code: .invalid, message: "a case to import already exists; choose other ids", underlying: error)
            }
            return StoreError(
                code: .invalid, message: "case \(taken) already exists; choose another id", caseID: taken)
        }
        return StoreError.from(error, caseID: only)
    }

    /// Creates an imported case and its history in one transaction: ``importCases(_:)`` for one case.
    ///
    /// - Returns: The number of events imported.
    /// - Throws: ``StoreError``: `.invalid` for a taken case id, `.clockMismatch` for a time in the store's future.
    @discardableResult
    public func importCase(
        _ new: NewCase, events: [NewEvent], definitionHash: String, projection: CaseProjection,
        timers: [TimerChange], alsoStatements: [PostgresStatement] = []
    ) throws(StoreError) -> Int {
        try importCases([
            ImportedCase(
                new, events: events, definitionHash: definitionHash, projection: projection, timers: timers,
                alsoStatements: alsoStatements)
        ])
    }

    /// Appends a long history to an imported case in one transaction with `COPY`: the events are marked imported,
    /// keep the times they carry (none in the store's future), and follow only imported events, or the database
    /// refuses them.
    ///
    /// The events are hashed in Swift exactly as ``append(caseID:expectedVersion:expectedHead:events:definitionHash:projection:timers:alsoStatements:)``
    /// does; the version check, the gapless rule and the projection update are the same.
    ///
    /// - Returns: The number of events imported.
    /// - Throws: ``StoreError`` (`.conflict` when the case moved on), and nothing is imported.
    @discardableResult
    public func importHistory(
        caseID: String, expectedVersion: Int64, events: [NewEvent], definitionHash: String, projection: CaseProjection
    ) throws(StoreError) -> Int {
        guard let last = events.last else { return 0 }
        do {
            return try connection.transaction { db in
                let rows = try db.query(
                    "SELECT head_hash FROM cases WHERE case_id = $1 FOR UPDATE", [.text(caseID)])
                let head = try rows.first?["head_hash"].byteArray() ?? HashChain.genesis
                try db.query(
                    "SELECT accredit_lock_case($1, $2, $3)", [.text(caseID), .int(expectedVersion), .bytea(head)])
                var heads: [[UInt8]] = []
                let copied = try Self.copyEvents(
                    db,
                    runs: [
                        EventRun(
                            caseID: caseID, after: expectedVersion, head: head, events: events,
                            definitionHash: definitionHash)
                    ], heads: &heads)
                let update = Self.projectionUpdate(
                    caseID: caseID, version: expectedVersion + Int64(events.count), head: heads[0],
                    projection: projection, at: last.occurredAt)
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
    /// Events to chain after a case's event `after`, whose hash is `head`.
    struct EventRun {
        var caseID: String
        var after: Int64
        var head: [UInt8]
        var events: [NewEvent]
        var definitionHash: String
    }

    /// COPYs runs of events, marked imported, in one binary COPY, hashing each as it is written; `heads` receives
    /// each run's last hash.
    static func copyEvents(_ db: PostgresConnection, runs: [EventRun], heads: inout [[UInt8]]) throws -> Int {
        var hasher = EnvelopeHasher()
        return try db.copyInBinary(
            """
            COPY case_events (case_id, seq, type, actor_id, occurred_at, payload, definition_hash, prev_hash, hash,
                              imported)
            FROM STDIN (FORMAT binary)
            """
        ) { out in
            for run in runs {
                var previous = run.head
                var seq = run.after
                let caseID = Array(run.caseID.utf8)
                let definitionHash = Array(run.definitionHash.utf8)
                for event in run.events {
                    seq += 1
                    let payload = CanonicalJSON.encodedBytes(event.payload)
                    let hash = hasher.hash(
                        previous: previous,
                        envelope: EventEnvelope(
                            caseID: run.caseID, seq: seq, type: event.type, actor: event.actor,
                            occurredAt: event.occurredAt, payload: .null, definitionHash: run.definitionHash),
                        canonicalPayload: payload)
                    try out.startRow(fields: 10)
                    out.raw(caseID)
                    out.int8(seq)
                    out.text(event.type)
                    out.text(event.actor)
                    out.timestamp(event.occurredAt)
                    out.raw(payload)
                    out.raw(definitionHash)
                    out.raw(previous)
                    out.raw(hash)
                    out.bool(true)
                    previous = hash
                }
                heads.append(previous)
            }
        }
    }

    /// Creates the imported cases, at version 0, from a JSON array of rows (``caseRows(_:)``).
    static let casesInsertSQL = """
        INSERT INTO cases (case_id, organisation_id, workflow_name, workflow_version, framework_name,
                           framework_version, opened_at, updated_at, imported)
        SELECT r.case_id, r.organisation_id, r.workflow_name, r.workflow_version, r.framework_name,
               r.framework_version, opened, opened, true
        FROM jsonb_to_recordset($1) AS r(case_id text, organisation_id text, workflow_name text, workflow_version text,
                                         framework_name text, framework_version text, opened_us bigint),
             LATERAL (SELECT timestamptz 'epoch' + r.opened_us * interval '1 microsecond' AS opened) AS t
        """

    /// Moves each imported case's head and projection, from a JSON array of rows (``projectionRows(_:heads:)``).
    static let projectionsUpdateSQL = """
        UPDATE cases SET version = r.version, head_hash = decode(r.head, 'hex'), status = r.status,
               configuration = r.configuration, deadlines = r.deadlines,
               updated_at = timestamptz 'epoch' + r.updated_us * interval '1 microsecond'
        FROM jsonb_to_recordset($1) AS r(case_id text, version bigint, head text, status text, configuration text[],
                                         deadlines jsonb, updated_us bigint)
        WHERE cases.case_id = r.case_id
        """

    /// Schedules the imported cases' pending deadlines, from a JSON array of rows (``timerRows(_:)``).
    static let timersInsertSQL = """
        INSERT INTO timers (case_id, timer_id, due_at, event_name, event_data, set_by_seq)
        SELECT r.case_id, r.timer_id, timestamptz 'epoch' + r.due_us * interval '1 microsecond', r.event_name,
               r.event_data, r.set_by_seq
        FROM jsonb_to_recordset($1) AS r(case_id text, timer_id text, due_us bigint, event_name text, event_data text,
                                         set_by_seq bigint)
        """

    static func caseRows(_ cases: [ImportedCase]) -> Value {
        .array(
            cases.map { item in
                .object([
                    "case_id": .string(item.new.caseID), "organisation_id": .string(item.new.organisationID),
                    "workflow_name": .string(item.new.workflow.name),
                    "workflow_version": .string(item.new.workflow.version),
                    "framework_name": .string(item.new.framework.name),
                    "framework_version": .string(item.new.framework.version),
                    "opened_us": .integer(item.new.openedAt.microsecondsSinceEpoch),
                ])
            })
    }

    static func projectionRows(_ cases: [ImportedCase], heads: [[UInt8]]) -> Value {
        .array(
            zip(cases, heads).map { item, head in
                .object([
                    "case_id": .string(item.new.caseID), "version": .integer(Int64(item.events.count)),
                    "head": .string(HashChain.hex(head)), "status": .string(item.projection.status),
                    "configuration": .array(item.projection.configuration.map { .string($0) }),
                    "deadlines": item.projection.deadlines,
                    "updated_us": .integer(item.events[item.events.count - 1].occurredAt.microsecondsSinceEpoch),
                ])
            })
    }

    static func timerRows(_ cases: [ImportedCase]) -> Value {
        .array(
            cases.flatMap { item in
                item.timers.compactMap { change -> Value? in
                    guard case .schedule(let id, let due, let event, let data) = change else { return nil }
                    return .object([
                        "case_id": .string(item.new.caseID), "timer_id": .string(id),
                        "due_us": .integer(due.microsecondsSinceEpoch), "event_name": .string(event),
                        "event_data": .string(CanonicalJSON.encode(data)),
                        "set_by_seq": .integer(Int64(item.events.count)),
                    ])
                }
            })
    }
}

extension CaseLog {
    /// How many cases the store holds and how many events they have in all (from the projections).
    ///
    /// - Throws: ``StoreError`` `.environment` on database errors.
    public func totals() throws(StoreError) -> (cases: Int64, events: Int64) {
        try storeOperation(caseID: nil) {
            let row = try connection.query(
                "SELECT count(*) AS cases, coalesce(sum(version), 0)::bigint AS events FROM cases"
            ).first
            return (try row?["cases"].int() ?? 0, try row?["events"].int() ?? 0)
        }
    }

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

import AccreditEngine
import Statecharts

/// The current head and projection of a case.
public struct CaseHead: Hashable, Sendable {
    /// The case id.
    public var caseID: String
    /// The organisation.
    public var organisationID: String
    /// The pinned workflow version.
    public var workflow: DefinitionReference
    /// The pinned framework version.
    public var framework: DefinitionReference
    /// The number of events in the log.
    public var version: Int64
    /// The last event's hash (32 zero bytes when there is none).
    public var headHash: [UInt8]
    /// The stored projection.
    public var projection: CaseProjection
    /// When the case was opened.
    public var openedAt: Instant
    /// The seq of the `case.migrate` event that pinned the current workflow version (0 while the case runs on the
    /// version it was opened with): stored states before it belong to an earlier version.
    public var pinnedSince: Int64 = 0
}

extension CaseLog {
    /// The head and projection of a case.
    ///
    /// - Throws: ``StoreError`` `.caseNotFound` when there is no such case.
    public func head(of caseID: String) throws(StoreError) -> CaseHead {
        return try storeOperation(caseID: caseID) {
            let rows = try connection.query(
                """
                SELECT case_id, organisation_id, workflow_name, workflow_version, framework_name, framework_version,
                       version, head_hash, status, array_to_string(configuration, E'\\x1f') AS configuration,
                       deadlines::text AS deadlines, opened_at, pinned_since
                FROM cases WHERE case_id = $1
                """, [.text(caseID)])
            guard let row = rows.first else {
                throw StoreError.caseNotFound(caseID)
            }
            return try Self.head(row)
        }
    }

    /// A head from a row of the `cases` columns `head(of:)` selects.
    static func head(_ row: PostgresRow) throws(StoreError) -> CaseHead {
        try storeOperation(caseID: nil) {
            let configuration = try row["configuration"].string()
            return CaseHead(
                caseID: try row["case_id"].string(), organisationID: try row["organisation_id"].string(),
                workflow: DefinitionReference(
                    name: try row["workflow_name"].string(), version: try row["workflow_version"].string()),
                framework: DefinitionReference(
                    name: try row["framework_name"].string(), version: try row["framework_version"].string()),
                version: try row["version"].int(), headHash: try row["head_hash"].byteArray(),
                projection: CaseProjection(
                    status: try row["status"].string(),
                    configuration: configuration.isEmpty
                        ? [] : configuration.split(separator: "\u{1f}").map(String.init),
                    deadlines: (try? CanonicalJSON.parse(try row["deadlines"].string())) ?? .object([:])),
                openedAt: try row["opened_at"].instant(), pinnedSince: try row["pinned_since"].int())
        }
    }

    /// The events of a case with `after < seq <= through`, in order.
    ///
    /// - Throws: ``StoreError`` `.corrupt` when a stored payload is not valid JSON, `.environment` on database errors.
    public func events(of caseID: String, after: Int64 = 0, through: Int64 = .max) throws(StoreError) -> [StoredEvent] {
        return try storeOperation(caseID: caseID) {
            let rows = try connection.query(
                """
                SELECT seq, type, actor_id, occurred_at, payload, definition_hash, prev_hash, hash, recorded_at,
                       imported
                FROM case_events WHERE case_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq
                """, [.text(caseID), .int(after), .int(through)])
            return try rows.map { row throws(StoreError) in try Self.storedEvent(row, caseID: caseID) }
        }
    }

    /// The error for a stored payload that is not valid JSON (the same wording on every read path).
    static func unreadablePayload(seq: Int64, caseID: String, _ error: any Error) -> StoreError {
        StoreError(
            code: .corrupt, message: "event \(seq) of case \(caseID) has an unreadable payload: \(error)",
            caseID: caseID)
    }

    static func storedEvent(_ row: PostgresRow, caseID: String) throws(StoreError) -> StoredEvent {
        do {
            let seq = try row["seq"].int()
            let text = try row["payload"].string()
            let payload: Value
            do {
                payload = try CanonicalJSON.parse(text)
            } catch {
                throw unreadablePayload(seq: seq, caseID: caseID, error)
            }
            let envelope = EventEnvelope(
                caseID: caseID, seq: seq, type: try row["type"].string(), actor: try row["actor_id"].string(),
                occurredAt: try row["occurred_at"].instant(), payload: payload,
                definitionHash: try row["definition_hash"].string())
            return StoredEvent(
                envelope: envelope, previousHash: try row["prev_hash"].byteArray(), hash: try row["hash"].byteArray(),
                storedPayload: text, recordedAt: try row["recorded_at"].instant(),
                imported: try row["imported"].bool())
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(
                code: .corrupt, message: "an event of case \(caseID) cannot be read: \(error)", caseID: caseID)
        }
    }

    /// Timers due at or before `instant`, oldest first, across all cases (or one case).
    ///
    /// - Throws: ``StoreError`` on database errors or unreadable timer data.
    public func dueTimers(at instant: Instant, caseID: String? = nil) throws(StoreError) -> [StoredTimer] {
        do {
            let rows = try connection.query(
                """
                SELECT case_id, timer_id, due_at, event_name, event_data FROM timers
                WHERE due_at <= $1 AND ($2::text IS NULL OR case_id = $2) ORDER BY due_at, case_id, timer_id
                """, [.timestamp(instant), caseID.map(PostgresValue.text) ?? .null])
            return try rows.map { row in
                StoredTimer(
                    caseID: try row["case_id"].string(), timerID: try row["timer_id"].string(),
                    due: try row["due_at"].instant(), event: try row["event_name"].string(),
                    data: try CanonicalJSON.parse(try row["event_data"].string()))
            }
        } catch let error as PostgresError {
            throw StoreError.from(error, caseID: caseID)
        } catch {
            throw StoreError(code: .corrupt, message: "a stored timer cannot be read: \(error)", caseID: caseID)
        }
    }
}

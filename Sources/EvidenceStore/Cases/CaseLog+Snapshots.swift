import AccreditEngine
import Crypto
import Statecharts

/// An engine snapshot as stored: the state after event `seq`.
public struct StoredSnapshot: Hashable, Sendable {
    /// The seq of the last event the snapshot includes.
    public var seq: Int64
    /// The engine state, as canonical JSON.
    public var value: Value
}

/// A case ready to fold: the newest usable snapshot (if any) and every event after it.
public struct LoadedCase: Hashable, Sendable {
    /// The case head and projection.
    public var head: CaseHead
    /// The newest snapshot that passed its checksum.
    public var snapshot: StoredSnapshot?
    /// The events after the snapshot (all events when there is none).
    public var events: [StoredEvent]
    /// Snapshots that were skipped because they failed their checksum or could not be read.
    public var skippedSnapshots: [Int64]
}

extension CaseLog {
    /// Stores a snapshot of the engine state after event `seq`, with a checksum.
    ///
    /// - Throws: ``StoreError`` `.notFound` when there is no such event.
    public func saveSnapshot(caseID: String, seq: Int64, snapshot: Value) throws(StoreError) {
        let statement = Self.snapshotStatement(caseID: caseID, seq: seq, snapshot: snapshot)
        do {
            try connection.execute(statement.sql, statement.parameters)
        } catch {
            throw StoreError.from(error, caseID: caseID)
        }
    }

    /// The statement that stores a snapshot (``saveSnapshot(caseID:seq:snapshot:)``), to commit with an append.
    public static func snapshotStatement(caseID: String, seq: Int64, snapshot: Value) -> PostgresStatement {
        let text = CanonicalJSON.encode(snapshot)
        return PostgresStatement(
            """
            INSERT INTO snapshots (case_id, seq, snapshot, sha256) VALUES ($1, $2, $3, $4)
            ON CONFLICT (case_id, seq) DO UPDATE SET snapshot = EXCLUDED.snapshot, sha256 = EXCLUDED.sha256
            """, [.text(caseID), .int(seq), .text(text), .text(checksum(text))])
    }

    /// The statement that pins a case to another version of its workflow since event `seq` (its `case.migrate`),
    /// to commit with that event: the store refuses one without the other.
    public static func repinStatement(caseID: String, workflow: DefinitionReference, since seq: Int64)
        -> PostgresStatement
    {
        PostgresStatement(
            "UPDATE cases SET workflow_name = $2, workflow_version = $3, pinned_since = $4 WHERE case_id = $1",
            [.text(caseID), .text(workflow.name), .text(workflow.version), .int(seq)])
    }

    /// Loads a case for folding: the newest snapshot whose checksum holds, then the events after it. Snapshots from
    /// before the case moved to its current workflow version (``CaseHead/pinnedSince``) are never used.
    ///
    /// A corrupted or unreadable snapshot is skipped (and reported in ``LoadedCase/skippedSnapshots``); with none
    /// usable, every event is returned for a full replay.
    ///
    /// - Parameter head: The case's head, when the caller has just read it (otherwise it is read here).
    /// - Throws: ``StoreError`` `.caseNotFound` for an unknown case, `.corrupt` for unreadable events.
    public func load(_ caseID: String, head known: CaseHead? = nil) throws(StoreError) -> LoadedCase {
        let head: CaseHead
        if let known { head = known } else { head = try self.head(of: caseID) }
        var skipped: [Int64] = []
        var chosen: StoredSnapshot?
        do {
            let rows = try connection.query(
                """
                SELECT seq, snapshot, sha256 FROM snapshots WHERE case_id = $1 AND seq <= $2 AND seq >= $3
                ORDER BY seq DESC
                """, [.text(caseID), .int(head.version), .int(head.pinnedSince)])
            for row in rows {
                let seq = try row["seq"].int()
                let text = try row["snapshot"].string()
                guard try row["sha256"].string() == Self.checksum(text), let value = try? CanonicalJSON.parse(text)
                else {
                    skipped.append(seq)
                    continue
                }
                chosen = StoredSnapshot(seq: seq, value: value)
                break
            }
        } catch {
            // A lost connection is reported as one, so that a pool drops the connection and a client retries.
            if error.code == .connectionLost { throw StoreError.from(error, caseID: caseID) }
            throw StoreError(
                code: .environment, message: "cannot read snapshots of case \(caseID): \(error)", caseID: caseID)
        }
        let events = try events(of: caseID, after: chosen?.seq ?? 0, through: head.version)
        return LoadedCase(head: head, snapshot: chosen, events: events, skippedSnapshots: skipped)
    }

    static func checksum(_ text: String) -> String {
        HashChain.hex(Array(SHA256.hash(data: Array(text.utf8))))
    }
}

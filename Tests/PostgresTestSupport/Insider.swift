import AccreditEngine
import EvidenceStore
import Statecharts

/// An insider with SQL access for attack tests: goes past the append-only triggers and recomputes the hash chain
/// exactly as the store does, so that every rewrite leaves a chain that verifies on its own.
public struct Insider {
    /// The connection the insider works through.
    public let db: PostgresConnection

    /// Creates an insider on a connection.
    public init(_ db: PostgresConnection) {
        self.db = db
    }

    /// Runs SQL past the triggers (`session_replication_role = replica`).
    public func sql(_ statement: String, _ parameters: [PostgresValue] = []) throws {
        try db.execute("SET session_replication_role = replica")
        defer { _ = try? db.execute("RESET session_replication_role") }
        try db.execute(statement, parameters)
    }

    /// Rewrites the events of a case from `seq` on with `edit` (given each envelope from `seq` to the end, in
    /// order), re-hashes the chain from there and moves the case's head to match: a consistent rewrite.
    public func rewrite(_ caseID: String, from seq: Int64, _ edit: (inout EventEnvelope) -> Void) throws {
        let events = try CaseLog(connection: db).events(of: caseID)
        var previous = events.first { $0.envelope.seq == seq }?.previousHash ?? HashChain.genesis
        for event in events where event.envelope.seq >= seq {
            var envelope = event.envelope
            edit(&envelope)
            let hash = HashChain.hash(previous: previous, envelope: envelope)
            try sql(
                """
                UPDATE case_events SET type = $3, actor_id = $4, occurred_at = $5, payload = $6, prev_hash = $7,
                hash = $8 WHERE case_id = $1 AND seq = $2
                """,
                [
                    .text(caseID), .int(envelope.seq), .text(envelope.type), .text(envelope.actor),
                    .timestamp(envelope.occurredAt), .text(CanonicalJSON.encode(envelope.payload)), .bytea(previous),
                    .bytea(hash),
                ])
            previous = hash
        }
        try sql("UPDATE cases SET head_hash = $2 WHERE case_id = $1", [.text(caseID), .bytea(previous)])
    }

    /// Deletes a case's events after `seq` (and what refers to them) and moves the head back to `seq`.
    public func truncate(_ caseID: String, after seq: Int64) throws {
        let head = try CaseLog(connection: db).events(of: caseID).first { $0.envelope.seq == seq }?.hash
        for table in ["timers WHERE set_by_seq", "snapshots WHERE seq", "evidence WHERE recorded_seq"] {
            try sql("DELETE FROM \(table) > $2 AND case_id = $1", [.text(caseID), .int(seq)])
        }
        try sql("DELETE FROM case_requests WHERE case_id = $1 AND seq > $2", [.text(caseID), .int(seq)])
        try sql("DELETE FROM case_events WHERE case_id = $1 AND seq > $2", [.text(caseID), .int(seq)])
        try sql(
            "UPDATE cases SET version = $2, head_hash = $3 WHERE case_id = $1",
            [.text(caseID), .int(seq), .bytea(head ?? HashChain.genesis)])
    }

    /// Deletes a whole case and everything that refers to it.
    public func deleteCase(_ caseID: String) throws {
        for table in ["timers", "snapshots", "evidence", "case_requests", "case_events", "cases"] {
            try sql("DELETE FROM \(table) WHERE case_id = $1", [.text(caseID)])
        }
    }
}

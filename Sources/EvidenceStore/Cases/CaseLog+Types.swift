import AccreditEngine
import Statecharts

extension CaseLog {
    /// Every stored event, across all cases, whose type is one of `types`, in case and seq order (for the award
    /// status list, which looks at decisions only).
    ///
    /// - Throws: ``StoreError`` `.corrupt` for an unreadable payload, `.environment` on database errors.
    public func events(ofTypes types: Set<String>) throws(StoreError) -> [StoredEvent] {
        guard !types.isEmpty else { return [] }
        return try storeOperation(caseID: nil) {
            let rows = try connection.query(
                """
                SELECT case_id, seq, type, actor_id, occurred_at, payload, definition_hash, prev_hash, hash,
                       recorded_at, imported
                FROM case_events WHERE type = ANY (string_to_array($1, E'\\x1f')) ORDER BY case_id, seq
                """, [.text(types.sorted().joined(separator: "\u{1f}"))])
            return try rows.map { row throws(StoreError) in
                try Self.storedEvent(row, caseID: try storeOperation(caseID: nil) { try row["case_id"].string() })
            }
        }
    }
}

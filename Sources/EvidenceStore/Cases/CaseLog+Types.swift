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

extension CaseLog {
    /// A case's stored events whose payload has the top-level member `name`, in seq order: the events sent with a
    /// note, say, found without reading the whole log (the payload text is searched for the member's key, then
    /// parsed).
    ///
    /// - Throws: ``StoreError`` `.corrupt` for an unreadable payload, `.environment` on database errors.
    public func events(of caseID: String, withMember name: String) throws(StoreError) -> [StoredEvent] {
        let key = CanonicalJSON.encode(.string(name)) + ":"
        return try storeOperation(caseID: caseID) {
            let rows = try connection.query(
                """
                SELECT seq, type, actor_id, occurred_at, payload, definition_hash, prev_hash, hash, recorded_at,
                       imported
                FROM case_events WHERE case_id = $1 AND strpos(payload, $2) > 0 ORDER BY seq
                """, [.text(caseID), .text(key)])
            return try rows.map { row throws(StoreError) in try Self.storedEvent(row, caseID: caseID) }
                .filter { $0.envelope.payload[name] != nil }
        }
    }
}

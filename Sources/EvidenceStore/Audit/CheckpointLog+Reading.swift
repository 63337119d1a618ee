import AccreditEngine
import Statecharts

extension CheckpointLog {
    /// The most recently published checkpoint (the highest sequence), or nil when none was published.
    ///
    /// - Throws: ``StoreError`` `.environment` on database errors, `.corrupt` when the stored row is unreadable.
    public func latest() throws(StoreError) -> Checkpoint? {
        try read("ORDER BY sequence DESC LIMIT 1", []).first
    }

    /// The checkpoint with a sequence number, or nil when there is none.
    ///
    /// - Throws: ``StoreError`` `.environment` on database errors, `.corrupt` when the stored row is unreadable.
    public func checkpoint(_ sequence: Int64) throws(StoreError) -> Checkpoint? {
        try read("WHERE sequence = $1", [.int(sequence)]).first
    }

    /// The stored chain from a sequence number on, oldest first.
    ///
    /// - Throws: ``StoreError`` `.environment` on database errors, `.corrupt` when a stored row is unreadable.
    public func chain(from sequence: Int64) throws(StoreError) -> [Checkpoint] {
        try read("WHERE sequence >= $1 ORDER BY sequence", [.int(sequence)])
    }

    /// Every distinct (version, head) any stored checkpoint recorded, by case: what each case's history must
    /// still recompute to, however many checkpoints there are (one query, deduplicated by the server).
    ///
    /// - Throws: ``StoreError`` `.environment` on database errors, `.corrupt` for an unreadable stored head.
    public func storedClaims() throws(StoreError) -> [String: [CaseHeadClaim]] {
        let rows = try storeOperation(caseID: nil) {
            try connection.query(
                """
                SELECT DISTINCT h->>'case', (h->>'version')::bigint, h->>'head'
                FROM checkpoints, jsonb_array_elements(heads) AS h
                """)
        }
        var claims: [String: [CaseHeadClaim]] = [:]
        for row in rows {
            let (caseID, version, hex) = try storeOperation(caseID: nil) {
                (try row[0].string(), try row[1].int(), try row[2].string())
            }
            guard let head = HashChain.bytes(hex: hex), head.count == 32 else {
                throw StoreError(code: .corrupt, message: "a stored checkpoint has an unreadable head for \(caseID)")
            }
            claims[caseID, default: []].append(CaseHeadClaim(version: version, head: head))
        }
        return claims
    }

    private func read(_ clause: String, _ parameters: [PostgresValue]) throws(StoreError) -> [Checkpoint] {
        let rows = try storeOperation(caseID: nil) {
            try connection.query(
                """
                SELECT created_at, tree_size, root_hash, heads::text, signature, public_key, sequence,
                       previous_root, format
                FROM checkpoints
                """ + " " + clause, parameters)
        }
        var checkpoints: [Checkpoint] = []
        for row in rows {
            checkpoints.append(try Self.checkpoint(row))
        }
        return checkpoints
    }

    /// A checkpoint from a `checkpoints` row.
    private static func checkpoint(_ row: PostgresRow) throws(StoreError) -> Checkpoint {
        let fields = try storeOperation(caseID: nil) {
            (
                createdAt: try row[0].instant(), treeSize: try row[1].int(), rootHash: try row[2].byteArray(),
                heads: try row[3].string(), signature: try row[4].byteArray(), publicKey: try row[5].byteArray(),
                sequence: try row[6].int(),
                previousRoot: try row[7].isNull ? HashChain.genesis : try row[7].byteArray(),
                format: try row[8].string()
            )
        }
        guard case .array(let entries)? = try? CanonicalJSON.parse(fields.heads) else {
            throw StoreError(code: .corrupt, message: "checkpoint \(fields.sequence)'s heads are not a JSON array")
        }
        var heads: [CheckpointHead] = []
        heads.reserveCapacity(entries.count)
        for entry in entries {
            guard let head = CheckpointHead(entry) else {
                throw StoreError(
                    code: .corrupt, message: "checkpoint \(fields.sequence) has an unreadable head: \(entry)")
            }
            heads.append(head)
        }
        return Checkpoint(
            createdAt: fields.createdAt, treeSize: fields.treeSize, rootHash: fields.rootHash, heads: heads,
            signature: fields.signature, publicKey: fields.publicKey, formatTag: fields.format,
            sequence: fields.sequence, previousRoot: fields.previousRoot)
    }
}

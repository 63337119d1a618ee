import AccreditEngine
import Statecharts

/// Publishes signed checkpoints over every case head and keeps them in the `checkpoints` table.
public struct CheckpointLog {
    /// The connection to work through.
    let connection: PostgresConnection

    /// Creates the log.
    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Every case's stored head, read in one statement (one consistent snapshot), sorted by case id.
    ///
    /// - Returns: The heads, and a finding for each case whose stored head is not the hash of its event at the stored
    ///   version (a checkpoint must not certify a head the log does not back).
    /// - Throws: ``StoreError`` `.environment` on database errors.
    public func currentHeads() throws(StoreError) -> (heads: [CheckpointHead], findings: [AuditFinding]) {
        let rows = try storeOperation(caseID: nil) {
            try connection.query(
                """
                SELECT c.case_id, c.version, c.head_hash, e.hash
                FROM cases c LEFT JOIN case_events e ON e.case_id = c.case_id AND e.seq = c.version
                """)
        }
        var heads: [CheckpointHead] = []
        var findings: [AuditFinding] = []
        heads.reserveCapacity(rows.count)
        for row in rows {
            let head = try storeOperation(caseID: nil) {
                CheckpointHead(caseID: try row[0].string(), version: try row[1].int(), head: try row[2].byteArray())
            }
            let logged = try storeOperation(caseID: head.caseID) {
                head.version == 0 ? HashChain.genesis : try row[3].isNull ? nil : row[3].byteArray()
            }
            if logged != head.head {
                findings.append(
                    AuditFinding(
                        caseID: head.caseID, seq: head.version, kind: .headHash,
                        expected: logged.map(HashChain.hex) ?? "an event at seq \(head.version)",
                        actual: HashChain.hex(head.head), message: "the case's stored head is not backed by its log"))
            }
            heads.append(head)
        }
        return (heads, findings)
    }

    /// Takes, signs and stores a checkpoint over every case head.
    ///
    /// - Parameters:
    ///   - key: The installation's signing key.
    ///   - createdAt: The time to record.
    /// - Returns: The checkpoint and its id in the `checkpoints` table.
    /// - Throws: ``StoreError`` `.headsDisagree` when some stored head disagrees with its log (audit first),
    ///   `.environment` on database or signing errors.
    public func publish(key: SigningKey, at createdAt: Instant) throws(StoreError) -> (
        id: Int64, checkpoint: Checkpoint
    ) {
        let (heads, findings) = try currentHeads()
        if let first = findings.first {
            throw StoreError(
                code: .headsDisagree,
                message: "\(findings.count) case head(s) disagree with their logs (first: \(first))",
                caseID: first.caseID)
        }
        let checkpoint: Checkpoint
        do {
            checkpoint = try Checkpoint.sign(heads: heads, createdAt: createdAt, key: key.key)
        } catch {
            throw StoreError(code: .environment, message: error.description)
        }
        let id = try storeOperation(caseID: nil) {
            let rows = try connection.query(
                """
                INSERT INTO checkpoints (created_at, tree_size, root_hash, heads, signature, public_key)
                VALUES ($1, $2, $3, $4, $5, $6) RETURNING checkpoint_id
                """,
                [
                    .timestamp(checkpoint.createdAt), .int(checkpoint.treeSize), .bytea(checkpoint.rootHash),
                    .jsonb(CanonicalJSON.encode(.array(checkpoint.heads.map(\.value)))), .bytea(checkpoint.signature),
                    .bytea(checkpoint.publicKey),
                ])
            guard let row = rows.first else { preconditionFailure("INSERT … RETURNING returns one row") }
            return try row[0].int()
        }
        return (id, checkpoint)
    }
}

extension CheckpointLog {
    /// The most recently published checkpoint in the `checkpoints` table, or nil when none was published.
    ///
    /// - Throws: ``StoreError`` `.environment` on database errors, `.corrupt` when the stored row is unreadable.
    public func latest() throws(StoreError) -> Checkpoint? {
        let rows = try storeOperation(caseID: nil) {
            try connection.query(
                """
                SELECT created_at, tree_size, root_hash, heads::text, signature, public_key
                FROM checkpoints ORDER BY checkpoint_id DESC LIMIT 1
                """)
        }
        guard let row = rows.first else { return nil }
        let fields = try storeOperation(caseID: nil) {
            (
                createdAt: try row[0].instant(), treeSize: try row[1].int(), rootHash: try row[2].byteArray(),
                heads: try row[3].string(), signature: try row[4].byteArray(), publicKey: try row[5].byteArray()
            )
        }
        guard case .array(let entries)? = try? CanonicalJSON.parse(fields.heads) else {
            throw StoreError(code: .corrupt, message: "the latest checkpoint's heads are not a JSON array")
        }
        var heads: [CheckpointHead] = []
        for entry in entries {
            guard case .string(let caseID)? = entry["case"], case .integer(let version)? = entry["version"],
                case .string(let hex)? = entry["head"], let head = HashChain.bytes(hex: hex)
            else {
                throw StoreError(code: .corrupt, message: "the latest checkpoint has an unreadable head: \(entry)")
            }
            heads.append(CheckpointHead(caseID: caseID, version: version, head: head))
        }
        return Checkpoint(
            createdAt: fields.createdAt, treeSize: fields.treeSize, rootHash: fields.rootHash, heads: heads,
            signature: fields.signature, publicKey: fields.publicKey)
    }
}

import AccreditEngine
import Statecharts

/// Publishes signed checkpoints over every case head and keeps them, chained, in the `checkpoints` table.
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

    /// Takes, signs and stores a checkpoint over every case head, chained to the latest one, **without auditing**
    /// what it signs: a store primitive. Accredit publishes through `CaseDesk.publishCheckpoint`, which verifies
    /// everything since the previous checkpoint first and refuses to sign over a finding.
    ///
    /// - Parameters:
    ///   - key: The installation's signing key.
    ///   - createdAt: The time to record.
    /// - Returns: The checkpoint and its sequence number.
    /// - Throws: ``StoreError`` `.headsDisagree` when some stored head disagrees with its log (audit first),
    ///   `.environment` on database or signing errors.
    public func publish(key: SigningKey, at createdAt: Instant) throws(StoreError) -> (
        id: Int64, checkpoint: Checkpoint
    ) {
        try whilePublishing { () throws(StoreError) in
            let (heads, findings) = try currentHeads()
            if let first = findings.first {
                throw StoreError(
                    code: .headsDisagree,
                    message: "\(findings.count) case head(s) disagree with their logs (first: \(first))",
                    caseID: first.caseID)
            }
            let checkpoint = try sign(heads, after: try latest(), key: key, at: createdAt)
            try append(checkpoint)
            return (checkpoint.sequence, checkpoint)
        }
    }

    /// Runs `body` holding the store's checkpoint lock (``lock()``).
    ///
    /// - Throws: What `body` throws; ``StoreError`` `.environment` when the lock cannot be taken.
    func whilePublishing<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try lock()
        defer { unlock() }
        return try body()
    }

    /// Takes the store's checkpoint lock (a session advisory lock), waiting for another publisher to finish, so
    /// that publishers take turns: each reads the latest checkpoint, verifies and signs its successor, and appends
    /// it before the next one starts. Release it with ``unlock()``.
    ///
    /// - Throws: ``StoreError`` `.environment` when the lock cannot be taken.
    public func lock() throws(StoreError) {
        try storeOperation(caseID: nil) {
            _ = try connection.query("SELECT pg_advisory_lock($1)", [.int(Self.lockKey)])
        }
    }

    /// Releases the lock ``lock()`` took.
    public func unlock() {
        _ = try? connection.query("SELECT pg_advisory_unlock($1)", [.int(Self.lockKey)])
    }

    /// An arbitrary, fixed advisory-lock key for publishers ("ACCRCHKP").
    static let lockKey: Int64 = 0x4143_4352_4348_4B50

    /// Signs heads as the successor of `previous` (the first checkpoint when nil).
    ///
    /// - Throws: ``StoreError`` `.environment` when signing fails.
    public func sign(
        _ heads: [CheckpointHead], after previous: Checkpoint?, key: SigningKey, at createdAt: Instant
    ) throws(StoreError) -> Checkpoint {
        do {
            return try Checkpoint.sign(
                heads: heads, createdAt: createdAt, key: key.key, sequence: (previous?.sequence ?? 0) + 1,
                previousRoot: previous?.rootHash ?? HashChain.genesis)
        } catch {
            throw StoreError(code: .environment, message: error.description)
        }
    }

    /// Stores a signed checkpoint as the next in the chain.
    ///
    /// - Throws: ``StoreError`` `.conflict` when another checkpoint already follows its predecessor (the table
    ///   cannot fork), `.environment` on database errors.
    public func append(_ checkpoint: Checkpoint) throws(StoreError) {
        let previous: PostgresValue = checkpoint.sequence > 1 ? .int(checkpoint.sequence - 1) : .null
        let previousRoot: PostgresValue = checkpoint.sequence > 1 ? .bytea(checkpoint.previousRoot) : .null
        do throws(PostgresError) {
            _ = try connection.query(
                """
                INSERT INTO checkpoints (created_at, tree_size, root_hash, heads, signature, public_key, sequence,
                                         previous_sequence, previous_root, format)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                """,
                [
                    .timestamp(checkpoint.createdAt), .int(checkpoint.treeSize), .bytea(checkpoint.rootHash),
                    .jsonb(CanonicalJSON.encode(.array(checkpoint.heads.map(\.value)))), .bytea(checkpoint.signature),
                    .bytea(checkpoint.publicKey), .int(checkpoint.sequence), previous, previousRoot,
                    .text(checkpoint.formatTag),
                ])
        } catch {
            if error.sqlState == "23505" || error.sqlState == "23503" {
                throw StoreError(
                    code: .conflict,
                    message: "checkpoint \(checkpoint.sequence) was already published, or its predecessor is not "
                        + "the latest: read the latest checkpoint again")
            }
            throw StoreError.from(error, caseID: nil)
        }
    }
}

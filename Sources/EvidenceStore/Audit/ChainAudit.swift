import AccreditEngine
import Statecharts

/// Checks every case's hash chain, seq numbering and payload form, its stored head and version against its log,
/// and, given checkpoints, that each case's history up to every checkpointed version recomputes to the recorded head.
///
/// Events stream in primary-key order, so memory stays bounded for any number of events and each case is checked as
/// it goes by: the whole store as one binary `COPY` (rows in order checked straight from their bytes), named cases in
/// keyset pages.
public struct ChainAudit: AuditCheck {
    /// The connection to read through.
    let connection: PostgresConnection
    /// Every version and head that checkpoints recorded, by case: each history must still recompute to them.
    public let claims: [String: [CaseHeadClaim]]
    /// Rows read per round trip.
    public var pageSize: Int64 = 10_000

    /// Creates the check.
    public init(connection: PostgresConnection, checkpoint: Checkpoint? = nil) {
        self.init(connection: connection, checkpoints: checkpoint.map { [$0] } ?? [])
    }

    /// Creates the check against every head a list of checkpoints recorded.
    public init(connection: PostgresConnection, checkpoints: [Checkpoint]) {
        var claims: [String: [CaseHeadClaim]] = [:]
        for checkpoint in checkpoints {
            for head in checkpoint.heads { claims[head.caseID, default: []].append(head.claim) }
        }
        self.init(connection: connection, claims: claims)
    }

    /// Creates the check against recorded claims, by case (``CheckpointLog/storedClaims()``, say).
    public init(connection: PostgresConnection, claims: [String: [CaseHeadClaim]]) {
        self.connection = connection
        self.claims = claims.mapValues { Array(Set($0)).sorted { $0.version < $1.version } }
    }

    /// Creates the check over a case log's database.
    public init(log: CaseLog, checkpoints: [Checkpoint] = []) {
        self.init(connection: log.connection, checkpoints: checkpoints)
    }

    /// Creates the check over a case log's database against recorded claims, by case.
    public init(log: CaseLog, claims: [String: [CaseHeadClaim]]) {
        self.init(connection: log.connection, claims: claims)
    }

    /// Every version and head the checkpoints recorded for a case.
    private func claims(_ caseID: String) -> [CaseHeadClaim] {
        claims[caseID] ?? []
    }

    /// Whether some checkpoint covers the case.
    private func isCheckpointed(_ caseID: String) -> Bool {
        claims[caseID] != nil
    }

    /// `chain`.
    public var name: String { "chain" }

    /// Runs the chain, head and checkpoint checks.
    ///
    /// - Throws: ``StoreError`` `.caseNotFound` when a named case does not exist, `.environment` on database errors.
    public func run(_ scope: AuditScope) throws(StoreError) -> AuditReport {
        let stored = try storedHeads(scope)
        if case .cases(let ids) = scope, let missing = ids.first(where: { stored[$0] == nil }) {
            throw StoreError.caseNotFound(missing)
        }
        var report = AuditReport()
        var verifier: ChainVerifier?
        var seen: Set<String> = []
        func finish() {
            guard var current = verifier else { return }
            report.findings += current.finish(stored: stored[current.caseID])
            report.counts["events", default: 0] += current.eventCount
            if isCheckpointed(current.caseID) { report.counts["checkpointed", default: 0] += 1 }
            if stored[current.caseID] == nil {
                report.findings.append(
                    AuditFinding(
                        caseID: current.caseID, seq: nil, kind: .headVersion,
                        expected: "a case record at version \(current.lastSeq)", actual: "no case record",
                        message: "events are stored for a case that does not exist"))
            }
            seen.insert(current.caseID)
            verifier = nil
        }
        if case .all = scope {
            var current: [UInt8] = []
            try forEachEventCopied { raw in
                if verifier == nil || !Self.same(raw.caseID, current) {
                    finish()
                    current = Array(raw.caseID)
                    let caseID = raw.caseIDText
                    verifier = ChainVerifier(caseID: caseID, checkpoints: claims(caseID))
                }
                verifier?.check(raw)
            }
        } else {
            try forEachEventPaged(scope) { caseID, record in
                if verifier?.caseID != caseID {
                    finish()
                    verifier = ChainVerifier(caseID: caseID, checkpoints: claims(caseID))
                }
                verifier?.check(record)
            }
        }
        finish()
        for (caseID, head) in stored where !seen.contains(caseID) {
            var empty = ChainVerifier(caseID: caseID, checkpoints: claims(caseID))
            if isCheckpointed(caseID) { report.counts["checkpointed", default: 0] += 1 }
            report.findings += empty.finish(stored: head)
        }
        report.findings += vanishedCases(scope, stored: stored)
        report.counts["cases", default: 0] += Int64(stored.count)
        return report
    }

    /// Cases the checkpoints cover that no longer exist at all (each once, at the highest version recorded).
    private func vanishedCases(_ scope: AuditScope, stored: [String: CaseHeadClaim]) -> [AuditFinding] {
        var vanished: [CheckpointHead] = []
        let wanted: [String]
        switch scope {
        case .all: wanted = Array(claims.keys)
        case .cases(let ids): wanted = ids.filter { claims[$0] != nil }
        }
        for caseID in wanted where stored[caseID] == nil {
            if let last = claims[caseID]?.last, last.version > 0 {
                vanished.append(CheckpointHead(caseID: caseID, version: last.version, head: last.head))
            }
        }
        return vanished.sorted { $0.caseID.utf8.lexicographicallyPrecedes($1.caseID.utf8) }.map { head in
            AuditFinding(
                caseID: head.caseID, seq: head.version, kind: .checkpointTruncated,
                expected: "\(head.version) events", actual: "no case",
                message: "a case the checkpoint covers was deleted")
        }
    }

    /// The version and head hash stored for each case in scope.
    func storedHeads(_ scope: AuditScope) throws(StoreError) -> [String: CaseHeadClaim] {
        try storeOperation(caseID: nil) {
            let rows = try connection.query(
                """
                SELECT case_id, version, head_hash FROM cases
                WHERE $1::text IS NULL OR case_id = ANY(string_to_array($1, E'\\x1f'))
                """, [scope.filter])
            var heads: [String: CaseHeadClaim] = [:]
            for row in rows {
                heads[try row[0].string()] = CaseHeadClaim(version: try row[1].int(), head: try row[2].byteArray())
            }
            return heads
        }
    }

    /// Whether raw bytes equal an array's.
    private static func same(_ raw: UnsafeRawBufferPointer, _ bytes: [UInt8]) -> Bool {
        raw.count == bytes.count && bytes.withUnsafeBytes { $0.elementsEqual(raw) }
    }

    /// Microseconds from 1970-01-01 to PostgreSQL's epoch, 2000-01-01.
    static let postgresEpoch: Int64 = 946_684_800_000_000

    /// Streams every stored event, by case, then seq, as one binary `COPY`: the server sends rows while this process
    /// hashes, and no cell goes through a result set or becomes a string unless a check needs it.
    private func forEachEventCopied(_ body: (RawChainRecord) -> Void) throws(StoreError) {
        var reader = BinaryCopyReader()
        var failure: StoreError?
        try storeOperation(caseID: nil) {
            try connection.copyOut(
                """
                COPY (SELECT case_id, seq, type, actor_id, occurred_at, payload, definition_hash, prev_hash, hash
                      FROM case_events ORDER BY case_id, seq) TO STDOUT (FORMAT binary)
                """
            ) { chunk in
                guard failure == nil else { return }
                do throws(PostgresError) {
                    try reader.feed(chunk) { fields throws(PostgresError) in body(try Self.record(fields)) }
                } catch {
                    failure = StoreError.from(error, caseID: nil)
                }
            }
        }
        if let failure { throw failure }
    }

    /// A raw chain record over the nine binary fields of a `case_events` row.
    static func record(_ fields: [UnsafeRawBufferPointer?]) throws(PostgresError) -> RawChainRecord {
        guard fields.count == 9, let seq = fields[1], seq.count == 8, let time = fields[4], time.count == 8,
            let caseID = fields[0], let type = fields[2], let actor = fields[3], let payload = fields[5],
            let definition = fields[6], let previous = fields[7], let hash = fields[8]
        else { throw PostgresError(code: .decoding, message: "unexpected case_events row in the audit COPY") }
        func int64(_ bytes: UnsafeRawBufferPointer) -> Int64 {
            Int64(bigEndian: bytes.loadUnaligned(as: Int64.self))
        }
        return RawChainRecord(
            caseID: caseID, seq: int64(seq), type: type, actor: actor,
            occurredAt: Instant(microsecondsSinceEpoch: int64(time) + postgresEpoch), payload: payload,
            definitionHash: definition, previousHash: previous, hash: hash)
    }

    /// Streams the events of named cases in pages; the next page is requested before the current one is checked,
    /// so the server reads it while this process hashes.
    private func forEachEventPaged(_ scope: AuditScope, _ body: (String, ChainRecord) -> Void) throws(StoreError) {
        try storeOperation(caseID: nil) {
            var pending = true
            defer { if pending { _ = try? connection.receiveRows() } }
            try requestPage(after: "", 0, scope)
            while true {
                let rows = try connection.receiveRows()
                pending = false
                if Int64(rows.count) == pageSize, let last = rows.last {
                    try requestPage(after: try last[0].string(), try last[1].int(), scope)
                    pending = true
                }
                for row in rows {
                    let (caseID, record) = try Self.record(row)
                    body(caseID, record)
                }
                if !pending { return }
            }
        }
    }

    private func requestPage(after caseID: String, _ seq: Int64, _ scope: AuditScope) throws(PostgresError) {
        try connection.sendQuery(
            """
            SELECT case_id, seq, type, actor_id, occurred_at, payload, definition_hash, prev_hash, hash
            FROM case_events
            WHERE (case_id, seq) > ($1, $2)
              AND ($4::text IS NULL OR case_id = ANY(string_to_array($4, E'\\x1f')))
            ORDER BY case_id, seq LIMIT $3
            """, [.text(caseID), .int(seq), .int(pageSize), scope.filter])
    }

    /// A chain record from a `case_events` row; the payload text is passed as stored, unparsed (the verifier hashes
    /// it as it is and parses it only when the hash does not match).
    static func record(_ row: PostgresRow) throws(StoreError) -> (String, ChainRecord) {
        try storeOperation(caseID: nil) {
            let caseID = try row[0].string()
            let text = try row[5].string()
            let envelope = EventEnvelope(
                caseID: caseID, seq: try row[1].int(), type: try row[2].string(), actor: try row[3].string(),
                occurredAt: try row[4].instant(), payload: .null, definitionHash: try row[6].string())
            return (
                caseID,
                ChainRecord(
                    envelope: envelope, previousHash: try row[7].byteArray(), hash: try row[8].byteArray(),
                    storedPayload: text)
            )
        }
    }
}

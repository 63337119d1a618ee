import AccreditEngine
import EvidenceStore
import Foundation
import Statecharts

/// Audit figures: chain verification in memory, `audit verify --all` against a plain COPY of the same rows, and the
/// cost of a checkpoint.
struct AuditBenchmark {
    let conninfo: String
    let cases = 10_000
    let eventsPerCase = 50
    /// Rows per round trip for the audit's keyset pages (`AUDIT_PAGE_SIZE`, default 10,000).
    let pageSize = ProcessInfo.processInfo.environment["AUDIT_PAGE_SIZE"].flatMap { Int64($0) } ?? 10_000

    func run() throws {
        inMemory(count: 1_000_000)
        let db = try PostgresConnection(conninfo: conninfo)
        let prefix = "AUD\(getpid())-"
        let loadStart = monotonicSeconds()
        try load(db, prefix: prefix)
        print(
            "audit: loaded \(rate(Double(cases))) cases x \(eventsPerCase) events in "
                + String(format: "%.1f s", monotonicSeconds() - loadStart))
        try CaseLog(connection: db).refreshStatistics()
        var copySeconds = Double.infinity
        var binarySeconds = Double.infinity
        var auditSeconds = Double.infinity
        var copied = 0
        var events: Int64 = 0
        let rows = """
            SELECT case_id, seq, type, actor_id, occurred_at, payload, definition_hash, prev_hash, hash
            FROM case_events ORDER BY case_id, seq
            """
        for _ in 0..<3 {
            let copyStart = monotonicSeconds()
            copied = try db.copyOut("COPY (\(rows)) TO STDOUT") { _ in }
            copySeconds = min(copySeconds, monotonicSeconds() - copyStart)
            let binaryStart = monotonicSeconds()
            _ = try db.copyOut("COPY (\(rows)) TO STDOUT (FORMAT binary)") { _ in }
            binarySeconds = min(binarySeconds, monotonicSeconds() - binaryStart)
            let auditStart = monotonicSeconds()
            var chain = ChainAudit(connection: db)
            chain.pageSize = pageSize
            let report = try StoreAudit(checks: [chain]).run(.all)
            auditSeconds = min(auditSeconds, monotonicSeconds() - auditStart)
            guard report.isClean else { throw BenchmarkFailure("the synthetic history does not verify: \(report)") }
            events = report.counts["events"] ?? 0
        }
        print(
            "audit: verify --all (chain + heads, one binary COPY) over \(rate(Double(events))) events: "
                + String(format: "%.2f s", auditSeconds) + " = \(rate(Double(events) / auditSeconds)) events/s; "
                + "COPY TO STDOUT of the same rows (\(rate(Double(copied) / 1e6)) MB): "
                + String(format: "%.2f s", copySeconds) + " = \(rate(Double(events) / copySeconds)) rows/s; "
                + String(format: "ratio %.2fx", auditSeconds / copySeconds) + "; binary COPY of the same rows "
                + "(what the audit reads): "
                + String(format: "%.2f s, ratio %.2fx", binarySeconds, auditSeconds / binarySeconds))
        try checkpoint(db)
    }

    /// Verifies a synthetic one-case history of `count` events held in memory.
    func inMemory(count: Int) {
        var records = Self.records(caseID: "MEM-1", count: count)
        let head = CaseHeadClaim(version: Int64(count), head: records[records.count - 1].hash)
        let storedText = Self.timed { ChainVerifier.verify(caseID: "MEM-1", records: records, stored: head) }
        for index in records.indices { records[index].storedPayload = nil }
        let values = Self.timed { ChainVerifier.verify(caseID: "MEM-1", records: records, stored: head) }
        print(
            "audit: in-memory chain verification of \(rate(Double(count))) events: "
                + "\(rate(Double(count) / storedText)) events/s from stored payload text (as read from the database), "
                + "\(rate(Double(count) / values)) events/s from payload values (re-encoded)")
    }

    static func timed(_ body: () -> [AuditFinding]) -> Double {
        let start = monotonicSeconds()
        let findings = body()
        let elapsed = monotonicSeconds() - start
        precondition(findings.isEmpty, "the synthetic chain must verify")
        return elapsed
    }

    /// A consistent chain shaped like real events (rating payloads of ~80 bytes).
    static func records(caseID: String, count: Int, start: Instant = .epoch) -> [ChainRecord] {
        var previous = HashChain.genesis
        var records: [ChainRecord] = []
        records.reserveCapacity(count)
        for index in 0..<count {
            let payload: Value = [
                "criterion": .string("SL-\(index % 6).\(index % 3)"), "rating": .integer(Int64(index % 4)),
                "note": "reviewed against the evidence",
            ]
            let envelope = EventEnvelope(
                caseID: caseID, seq: Int64(index + 1), type: index % 3 == 0 ? "evidence.uploaded" : "review.rated",
                actor: "alice", occurredAt: start.adding(microseconds: Int64(index) * 1_000_000), payload: payload,
                definitionHash: "bench")
            let hash = HashChain.hash(previous: previous, envelope: envelope)
            records.append(
                ChainRecord(
                    envelope: envelope, previousHash: previous, hash: hash, storedPayload: CanonicalJSON.encode(payload)
                ))
            previous = hash
        }
        return records
    }

    /// Loads the cases and their events with COPY, hashes computed in Swift; marked imported, as the store requires
    /// of events that carry their own times.
    func load(_ db: PostgresConnection, prefix: String) throws {
        let reference = DefinitionReference(name: "bench", version: "1")
        try BenchmarkDirectory.register(
            BenchmarkDirectory.bench, actors: [BenchmarkDirectory.actor("alice", "Alice", "assessor")], in: db)
        let catalog = DefinitionCatalog(connection: db)
        try catalog.publish(.workflow, reference, source: "<scxml/>")
        try catalog.publish(.framework, reference, source: "<framework/>")
        var heads: [[String?]] = []
        var events: [[String?]] = []
        events.reserveCapacity(cases * eventsPerCase)
        for number in 0..<cases {
            let caseID = prefix + String(number)
            let records = Self.records(caseID: caseID, count: eventsPerCase)
            for record in records {
                let envelope = record.envelope
                events.append([
                    caseID, String(envelope.seq), envelope.type, envelope.actor, envelope.occurredAt.iso8601,
                    record.storedPayload, envelope.definitionHash, "\\x" + HashChain.hex(record.previousHash),
                    "\\x" + HashChain.hex(record.hash), "t",
                ])
            }
            heads.append([
                caseID, "bench", "bench", "1", "bench", "1", Instant.epoch.iso8601, String(eventsPerCase),
                "\\x" + HashChain.hex(records[records.count - 1].hash), "t",
            ])
        }
        try db.transaction { db in
            try db.copyIn(
                """
                COPY cases (case_id, organisation_id, workflow_name, workflow_version, framework_name,
                            framework_version, opened_at, version, head_hash, imported) FROM STDIN
                """, rows: heads)
            try db.copyIn(
                """
                COPY case_events (case_id, seq, type, actor_id, occurred_at, payload, definition_hash, prev_hash, hash,
                                  imported)
                FROM STDIN
                """, rows: events)
        }
    }

    /// Times a checkpoint over every case head: read, Merkle root, sign, store.
    func checkpoint(_ db: PostgresConnection) throws {
        let home = NSTemporaryDirectory() + "accredit-audit-bench-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: home) }
        let key = try SigningKey.create(home: home)
        let log = CheckpointLog(connection: db)
        let start = monotonicSeconds()
        let (_, checkpoint) = try log.publish(key: key, at: .epoch)
        let elapsed = monotonicSeconds() - start
        let treeStart = monotonicSeconds()
        _ = MerkleTree(leaves: checkpoint.heads.map(\.leaf)).rootHash
        let treeSeconds = monotonicSeconds() - treeStart
        let fileStart = monotonicSeconds()
        let text = checkpoint.fileText
        let parsed = try Checkpoint.parse(text)
        precondition(parsed.problems().isEmpty, "the checkpoint must verify")
        let verifySeconds = monotonicSeconds() - fileStart
        print(
            "audit: checkpoint over \(rate(Double(checkpoint.treeSize))) case heads: "
                + String(format: "%.0f ms", elapsed * 1000) + " (read heads, Merkle root, sign, store; root alone "
                + String(format: "%.0f ms", treeSeconds * 1000)
                + "); file \(rate(Double(text.utf8.count) / 1024)) KiB, "
                + "parse + verify " + String(format: "%.0f ms", verifySeconds * 1000))
    }
}

/// A benchmark whose own data did not behave.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

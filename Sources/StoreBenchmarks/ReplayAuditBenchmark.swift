import AccreditEngine
import CaseService
import EvidenceStore
import Foundation
import Statecharts
import Workflows

/// `audit verify --all` as the command runs it, chain and replay checks, over 10,000 real cases of 50 events each:
/// the shipped workflow and framework are published, and every case is an application taken to desk review with an
/// upload per expected evidence item, self-assessments and ratings, its projection computed by folding it, exactly as accepted events would be.
struct ReplayAuditBenchmark {
    let conninfo: String
    let cases = 10_000
    let eventsPerCase = 50

    func run() throws {
        let db = try PostgresConnection(conninfo: conninfo)
        let blobs = try BlobStore(root: BenchmarkScratch.path("blobs"))
        let real = try RealCases(db, blobs: blobs, count: eventsPerCase)
        let desk = real.desk
        let loadStart = monotonicSeconds()
        let log = CaseLog(connection: db)
        let prefix = "RB\(getpid() % 100_000)-"
        for index in 0..<cases {
            try log.importCases([try real.folded(prefix + String(index))])
        }
        // The evidence rows the uploads recorded, in one statement (the replay audit holds rows and uploads equal).
        try db.execute(
            """
            INSERT INTO evidence (case_id, evidence_id, criterion_id, filename, media_type, size_bytes, sha256,
                                  uploaded_by, uploaded_at, status, recorded_seq)
            SELECT case_id, payload::jsonb->>'evidence', payload::jsonb->>'criterion', payload::jsonb->>'file',
                   payload::jsonb->>'mediaType', (payload::jsonb->>'size')::bigint, payload::jsonb->>'sha256',
                   actor_id, occurred_at, 'submitted', seq
            FROM case_events WHERE type = 'evidence.upload' AND case_id LIKE $1
            """, [.text(prefix + "%")])
        print(
            "replay audit: loaded \(cases) real cases x \(eventsPerCase) events in "
                + String(format: "%.1f s", monotonicSeconds() - loadStart))
        try log.refreshStatistics()
        var chainSeconds = Double.infinity
        var replaySeconds = Double.infinity
        var copySeconds = Double.infinity
        for _ in 0..<2 {
            let copyStart = monotonicSeconds()
            _ = try db.copyOut(
                """
                COPY (SELECT case_id, seq, type, actor_id, occurred_at, payload, definition_hash, prev_hash, hash
                      FROM case_events ORDER BY case_id, seq) TO STDOUT
                """
            ) { _ in }
            copySeconds = min(copySeconds, monotonicSeconds() - copyStart)
            let chainStart = monotonicSeconds()
            let chain = try StoreAudit(checks: [ChainAudit(log: log)]).run(.all)
            chainSeconds = min(chainSeconds, monotonicSeconds() - chainStart)
            let replayStart = monotonicSeconds()
            let replay = try StoreAudit(checks: [ReplayAudit(desk: desk)]).run(.all)
            replaySeconds = min(replaySeconds, monotonicSeconds() - replayStart)
            guard chain.isClean, replay.isClean else {
                throw BenchmarkFailure(
                    "the synthetic cases do not verify: \(chain.findings.prefix(3)) \(replay.findings.prefix(3))")
            }
        }
        let events = Double(cases * eventsPerCase)
        print(
            "replay audit: every case in the store (\(cases) cases, \(Int(events)) events): chain check "
                + String(format: "%.2f s", chainSeconds) + ", replay check " + String(format: "%.2f s", replaySeconds)
                + " (\(rate(events / replaySeconds)) events/s); COPY TO STDOUT of all events: "
                + String(
                    format: "%.2f s; chain + replay = %.2fx the COPY", copySeconds,
                    (chainSeconds + replaySeconds) / copySeconds))
        try checkpoints(desk, caseID: prefix + "0")
    }

    /// The checkpoint after a decision (verify what changed since the previous checkpoint, then sign) against a
    /// full `audit verify --all` (chain, evidence and replay checks) of the same store in the same run.
    func checkpoints(_ desk: CaseDesk, caseID: String) throws {
        let key = try SigningKey.create(home: BenchmarkScratch.path("key"))
        var fullSeconds = Double.infinity
        for _ in 0..<2 {
            let start = monotonicSeconds()
            let report = try StoreAudit(checks: desk.auditChecks()).run(.all)
            fullSeconds = min(fullSeconds, monotonicSeconds() - start)
            guard report.isClean else {
                throw BenchmarkFailure("the store does not verify: \(report.findings.prefix(3))")
            }
        }
        let firstStart = monotonicSeconds()
        _ = try desk.publishCheckpoint(key: key)
        let firstSeconds = monotonicSeconds() - firstStart
        var incremental = Double.infinity
        var unchanged = Double.infinity
        var changed = 0
        try desk.directory.add(
            Actor(id: "rb-dan", name: "Dan", roles: ["secretariat"], organisation: nil, databaseLogin: nil))
        for _ in 0..<3 {
            // One case changes (as a decision would), then the follow-up's work: verify since, then sign.
            try desk.fire(caseID, event: "case.suspend", by: "rb-dan")
            let start = monotonicSeconds()
            let publication = try desk.publishCheckpoint(key: key)
            incremental = min(incremental, monotonicSeconds() - start)
            changed = publication.changedCases
            try desk.fire(caseID, event: "case.reinstate", by: "rb-dan")
            _ = try desk.publishCheckpoint(key: key)
            let quiet = monotonicSeconds()
            _ = try desk.publishCheckpoint(key: key)
            unchanged = min(unchanged, monotonicSeconds() - quiet)
        }
        print(
            "checkpoints: full audit verify --all (chain, evidence, replay) "
                + String(format: "%.2f s", fullSeconds) + "; first checkpoint (full verification, then sign) "
                + String(format: "%.2f s", firstSeconds) + "; checkpoint after one case changed (\(changed) case "
                + "verified) " + String(format: "%.3f s = %.3fx the full audit", incremental, incremental / fullSeconds)
                + "; with nothing changed " + String(format: "%.3f s", unchanged))
    }

    /// The events of one case: opening, one upload per expected evidence item and a self-assessment per criterion,
    /// submission, then ratings up to `count`.
    static func script(_ framework: Framework, count: Int, file: StoredBlob) -> [(String, String, Value)] {
        var script: [(String, String, Value)] = [
            ("application.submit", "rb-ann", .null), ("application.accept", "rb-sam", .null),
            ("eligibility.confirm", "rb-sam", .null),
            ("team.assign", "rb-sam", ["person": "rb-alice", "position": "lead"]),
            ("impartiality.confirm", "rb-sam", .null),
        ]
        var uploads = 0
        for criterion in framework.criteria {
            for slot in criterion.evidenceSlots {
                uploads += 1
                var record = EvidenceRecord(
                    caseID: "", evidenceID: "E-\(uploads)", criterionID: criterion.id, fileName: "evidence.txt",
                    mediaType: file.mediaType, mediaMismatch: false, size: file.size, sha256: file.sha256,
                    uploadedBy: "rb-ann", uploadedAt: .epoch, recordedSeq: 0)
                record.item = slot.item
                script.append(("evidence.upload", "rb-ann", record.eventPayload))
            }
            script.append(
                (
                    "self-assessment.record", "rb-ann",
                    ["criterion": .string(criterion.id), "rating": "met", "narrative": "How we meet it"]
                ))
        }
        script.append(("evidence.submit", "rb-ann", .null))
        var index = 0
        while script.count < count {
            let criterion = framework.criteria[index % framework.criteria.count].id
            script.append(("review.rate", "rb-alice", ["criterion": .string(criterion), "rating": "met"]))
            index += 1
        }
        return Array(script.prefix(count))
    }
}

import AccreditEngine
import EvidenceStore
import Foundation
import Statecharts

/// Bulk import of a 1,000,000-event history into one case with COPY, hash chain computed in Swift.
struct ImportBenchmark {
    let conninfo: String
    let count = 1_000_000

    func run() throws {
        let db = try PostgresConnection(conninfo: conninfo)
        let reference = DefinitionReference(name: "bench", version: "1")
        try BenchmarkDirectory.register(BenchmarkDirectory.bench, in: db)
        let catalog = DefinitionCatalog(connection: db)
        try catalog.publish(.workflow, reference, source: "<scxml/>")
        try catalog.publish(.framework, reference, source: "<framework/>")
        let caseID = "IMPORT-\(getpid())"
        let log = CaseLog(connection: db)
        try log.createCase(
            NewCase(
                caseID: caseID, organisationID: "bench", workflow: reference, framework: reference, openedAt: .epoch,
                imported: true),
            projection: CaseProjection(status: "open", configuration: ["open"]))
        let events = (0..<count).map { index in
            NewEvent(
                type: index % 3 == 0 ? "evidence.uploaded" : "review.rated", actor: "system",
                occurredAt: Instant(microsecondsSinceEpoch: Int64(index) * 1_000_000),
                payload: ["criterion": .string("SL-\(index % 6).\(index % 3)"), "n": .integer(Int64(index))])
        }
        let hashStart = monotonicSeconds()
        _ = HashChain.hashes(
            after: HashChain.genesis,
            envelopes: events.prefix(100_000).enumerated().map { offset, event in
                EventEnvelope(
                    caseID: caseID, seq: Int64(offset + 1), type: event.type, actor: event.actor,
                    occurredAt: event.occurredAt, payload: event.payload, definitionHash: "bench")
            })
        let hashRate = 100_000 / (monotonicSeconds() - hashStart)
        let start = monotonicSeconds()
        let imported = try log.importHistory(
            caseID: caseID, expectedVersion: 0, events: events, definitionHash: "bench",
            projection: CaseProjection(status: "open", configuration: ["open"]))
        let elapsed = monotonicSeconds() - start
        print(
            "import: \(rate(Double(imported))) events in \(String(format: "%.1f", elapsed)) s = "
                + "\(rate(Double(imported) / elapsed)) events/s (COPY, one transaction); "
                + "hashing alone: \(rate(hashRate)) events/s")
    }
}

import AccreditEngine
import EvidenceStore
import Foundation
import Statecharts

/// Bulk import of a legacy history of 1,000,000 events (500 cases × 2,000 events, a national scheme's organisation
/// each) through ``CaseLog/importCases(_:)``, against `COPY`s of the same rows measured in the same run: text and
/// binary into a plain table with the same columns (the ceiling), and binary into one shaped like `case_events` (its
/// primary key and checks, no triggers). Rounds alternate, so that the machine's noise falls on every figure alike.
struct ImportBenchmark {
    let conninfo: String
    let caseCount = 500
    let eventsPerCase = 2_000
    let rounds = 3

    func run() throws {
        let db = try PostgresConnection(conninfo: conninfo)
        let reference = DefinitionReference(name: "bench", version: "1")
        try BenchmarkDirectory.register(BenchmarkDirectory.bench, in: db)
        let catalog = DefinitionCatalog(connection: db)
        if (try? catalog.definition(.workflow, reference)) == nil {
            try catalog.publish(.workflow, reference, source: "<scxml/>")
            try catalog.publish(.framework, reference, source: "<framework/>")
        }
        try db.execute("DROP TABLE IF EXISTS bench_copy_plain, bench_copy_shaped")
        try db.execute(
            """
            CREATE TABLE bench_copy_plain (case_id text, seq bigint, type text, actor_id text, occurred_at timestamptz,
                payload text, definition_hash text, prev_hash bytea, hash bytea, imported boolean)
            """)
        try db.execute("CREATE TABLE bench_copy_shaped (LIKE case_events INCLUDING ALL)")
        let total = caseCount * eventsPerCase
        print(
            "import: \(rate(Double(total))) events (\(caseCount) cases × \(eventsPerCase)), \(rounds) alternating "
                + "rounds, one transaction each")
        let histories = (0..<caseCount).map(events)
        let hashRate = try hashingRate(histories[0])
        var figures: [String: [Double]] = [:]
        for round in 0..<rounds {
            for (key, table, binary) in [
                ("text", "bench_copy_plain", false), ("plain", "bench_copy_plain", true),
                ("shaped", "bench_copy_shaped", true),
            ] {
                try db.execute("TRUNCATE \(table)")
                try db.execute("CHECKPOINT")
                figures[key, default: []].append(try copyRate(db, into: table, binary: binary, histories))
            }
            try db.execute("CHECKPOINT")
            figures["import", default: []].append(
                try importRate(db, round: round, reference: reference, histories))
        }
        let imported = median(figures["import"] ?? [])
        func line(_ name: String, _ key: String) {
            let value = median(figures[key] ?? [])
            let each = (figures[key] ?? []).map { rate($0) }.joined(separator: ", ")
            print(
                "  \(name): median \(rate(value)) rows/s (\(each)); import ÷ this = "
                    + String(format: "%.2f", imported / value))
        }
        line("text COPY into a plain table (no index, no checks)", "text")
        line("binary COPY into a plain table (no index, no checks)", "plain")
        line("binary COPY into a table shaped like case_events (primary key, checks; no triggers)", "shaped")
        print(
            "  CaseLog.importCases (hash chain, statement checks, projections): median \(rate(imported)) events/s "
                + "(\((figures["import"] ?? []).map { rate($0) }.joined(separator: ", ")))")
        print("  hashing alone (canonical envelope + SHA-256, one core): \(rate(hashRate)) events/s")
        let audit = try ChainAudit(connection: db).run(.all)
        print(
            "  chain audit of the store afterwards: \(audit.isClean ? "clean" : "FINDINGS: \(audit.findings.count)"), "
                + "\(audit.counts["events"] ?? 0) events")
    }

    /// The events of case `index`: evidence uploads and ratings with a small payload, a second apart.
    func events(_ index: Int) -> [NewEvent] {
        (0..<eventsPerCase).map { offset in
            NewEvent(
                type: offset % 3 == 0 ? "evidence.uploaded" : "review.rated", actor: "system",
                occurredAt: Instant(microsecondsSinceEpoch: Int64(index * eventsPerCase + offset) * 1_000_000),
                payload: ["criterion": .string("SL-\(offset % 6).\(offset % 3)"), "n": .integer(Int64(offset))])
        }
    }

    /// Imports every case once, under ids unique to the run and the round, and prints the CPU time each side used.
    private func importRate(
        _ db: PostgresConnection, round: Int, reference: DefinitionReference, _ histories: [[NewEvent]]
    ) throws -> Double {
        let cases = histories.enumerated().map { index, events in
            ImportedCase(
                NewCase(
                    caseID: "IMPORT-\(getpid())-\(round)-\(index)", organisationID: "bench", workflow: reference,
                    framework: reference, openedAt: .epoch, imported: true),
                events: events, definitionHash: "bench",
                projection: CaseProjection(status: "open", configuration: ["open"]))
        }
        let backend = try db.query("SELECT pg_backend_pid() AS pid").first?["pid"].int() ?? 0
        let before = (client: Self.cpuSeconds("self"), server: Self.cpuSeconds("\(backend)"))
        let start = monotonicSeconds()
        let imported = try CaseLog(connection: db).importCases(cases)
        let wall = monotonicSeconds() - start
        if let client = Self.cpuSeconds("self"), let server = Self.cpuSeconds("\(backend)"),
            let clientBefore = before.client, let serverBefore = before.server
        {
            print(
                String(
                    format: "  round %d: import %.2f s; CPU: this process %.2f s, its server backend %.2f s", round + 1,
                    wall, client - clientBefore, server - serverBefore))
        }
        return Double(imported) / wall
    }

    /// A process's user and system CPU seconds from `/proc` (nil when the server runs elsewhere).
    static func cpuSeconds(_ process: String) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(process)/stat", encoding: .utf8),
            let fields = text.split(separator: ")").last?.split(separator: " "), fields.count > 12,
            let user = Double(fields[11]), let system = Double(fields[12])
        else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The same rows (a fixed hash standing in for the chain), in case id order, by COPY into `table`.
    private func copyRate(
        _ db: PostgresConnection, into table: String, binary: Bool, _ histories: [[NewEvent]]
    ) throws -> Double {
        let hash = [UInt8](repeating: 7, count: 32)
        let hexHash = "\\x" + HashChain.hex(hash)
        let columns = "case_id, seq, type, actor_id, occurred_at, payload, definition_hash, prev_hash, hash, imported"
        let start = monotonicSeconds()
        let copied = try db.transaction { db in
            guard binary else {
                return try db.copyIn(
                    "COPY \(table) (\(columns)) FROM STDIN",
                    rows: histories.enumerated().lazy.flatMap { index, history in
                        history.enumerated().lazy.map { offset, event -> [String?] in
                            [
                                Self.copyCaseID(index), String(offset + 1), event.type, event.actor,
                                event.occurredAt.iso8601, CanonicalJSON.encode(event.payload), "bench", hexHash,
                                hexHash, "t",
                            ]
                        }
                    })
            }
            return try db.copyInBinary("COPY \(table) (\(columns)) FROM STDIN (FORMAT binary)") { out in
                for (index, history) in histories.enumerated() {
                    let caseID = Array(Self.copyCaseID(index).utf8)
                    for (offset, event) in history.enumerated() {
                        try out.startRow(fields: 10)
                        out.raw(caseID)
                        out.int8(Int64(offset + 1))
                        out.text(event.type)
                        out.text(event.actor)
                        out.timestamp(event.occurredAt)
                        out.raw(CanonicalJSON.encodedBytes(event.payload))
                        out.text("bench")
                        out.raw(hash)
                        out.raw(hash)
                        out.bool(true)
                    }
                }
            }
        }
        return Double(copied) / (monotonicSeconds() - start)
    }

    /// Baseline case ids that sort in the order they are written, as the import sorts its cases.
    static func copyCaseID(_ index: Int) -> String {
        "COPY-" + String(repeating: "0", count: max(0, 6 - String(index).count)) + String(index)
    }

    /// Canonical envelopes hashed per second on one core, for 100,000 events.
    private func hashingRate(_ events: [NewEvent]) throws -> Double {
        var hasher = EnvelopeHasher()
        var previous = HashChain.genesis
        let start = monotonicSeconds()
        for round in 0..<50 {
            for (offset, event) in events.enumerated() {
                let payload = CanonicalJSON.encodedBytes(event.payload)
                previous = hasher.hash(
                    previous: previous,
                    envelope: EventEnvelope(
                        caseID: "HASH-\(round)", seq: Int64(offset + 1), type: event.type, actor: event.actor,
                        occurredAt: event.occurredAt, payload: .null, definitionHash: "bench"),
                    canonicalPayload: payload)
            }
        }
        return Double(50 * events.count) / (monotonicSeconds() - start)
    }
}

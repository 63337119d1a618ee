import AccreditEngine
import EvidenceStore
import Foundation
import Statecharts

/// Single-event appends per second (1 and 2 clients), against plain single-row INSERTs into a table of the same
/// shape, measured in the same run.
struct AppendBenchmark {
    let conninfo: String
    let seconds = 4.0
    /// The store's (frozen, simulated) time that stamps every appended event: the store refuses any other time.
    static let clock = Instant(iso8601: "2026-01-05T09:00:00Z") ?? .epoch

    func run() throws {
        let db = try PostgresConnection(conninfo: conninfo)
        try setUp(db)
        for durable in [true, false] {
            print(
                "appends: \(seconds) s per measurement, one event per transaction, "
                    + (durable ? "durable commits (synchronous_commit on)" : "synchronous_commit off (CPU-bound)"))
            try compare(durable: durable)
        }
    }

    private func compare(durable: Bool) throws {
        let mode = durable ? "D" : "A"
        for clients in [1, 2] {
            let plain = try measure(clients: clients, durable: durable) { connection, client, counter, _ in
                try connection.execute(
                    """
                    INSERT INTO bench_plain (case_id, seq, type, actor_id, occurred_at, payload, definition_hash, prev_hash, hash)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                    """,
                    [
                        .text("P-\(mode)-\(clients)-\(client)"), .int(counter), .text("note"), .text("system"),
                        .timestamp(Instant(microsecondsSinceEpoch: counter)), .text(#"{"n":1}"#), .text("bench"),
                        .bytea(HashChain.genesis), .bytea(HashChain.genesis),
                    ])
            }
            let appends = try measure(clients: clients, durable: durable) { connection, client, counter, head in
                // The case layer knows the head from loading the case, so the append is one round trip.
                let stored = try CaseLog(connection: connection).append(
                    caseID: "B-\(mode)-\(clients)-\(client)", expectedVersion: counter - 1, expectedHead: head,
                    events: [
                        NewEvent(
                            type: "note", actor: "system", occurredAt: Self.clock,
                            payload: ["n": 1])
                    ], definitionHash: "bench", projection: CaseProjection(status: "open", configuration: ["open"]))
                head = stored.last?.hash ?? head
            }
            print(
                "  \(clients) client(s): plain INSERT \(rate(plain))/s, case append \(rate(appends))/s, "
                    + "ratio \(String(format: "%.2f", appends / plain))")
        }
    }

    private func setUp(_ db: PostgresConnection) throws {
        try db.execute("DROP TABLE IF EXISTS bench_plain")
        try db.execute("CREATE TABLE bench_plain (LIKE case_events INCLUDING DEFAULTS)")
        try db.execute("ALTER TABLE bench_plain ADD PRIMARY KEY (case_id, seq)")
        try BenchmarkDirectory.register(BenchmarkDirectory.bench, in: db)
        // A sandbox store with its clock frozen, so that every append is stamped with one known time.
        let settings = StoreSettings(connection: db)
        if try !settings.current().sandbox { try settings.change(.sandbox, by: "system") }
        try settings.change(.clock(simulated: Self.clock), by: "system")
        let catalog = DefinitionCatalog(connection: db)
        let reference = DefinitionReference(name: "bench", version: "1")
        try catalog.publish(.workflow, reference, source: "<scxml/>")
        try catalog.publish(.framework, reference, source: "<framework/>")
        let log = CaseLog(connection: db)
        for (mode, clients) in [("D", 1), ("D", 2), ("A", 1), ("A", 2)] {
            for client in 0..<clients {
                try log.createCase(
                    NewCase(
                        caseID: "B-\(mode)-\(clients)-\(client)", organisationID: "bench", workflow: reference,
                        framework: reference, openedAt: Self.clock),
                    projection: CaseProjection(status: "open", configuration: ["open"]))
            }
        }
    }

    /// Runs `body` in a loop on `clients` connections for ``seconds`` and returns operations per second.
    private func measure(
        clients: Int, durable: Bool,
        _ body: @escaping @Sendable (PostgresConnection, Int, Int64, inout [UInt8]) throws -> Void
    ) throws -> Double {
        let counts = UnsafeMutableBufferPointer<Int64>.allocate(capacity: clients)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0)
        let conninfo = self.conninfo
        let deadline = monotonicSeconds() + seconds
        let base = UInt(bitPattern: counts.baseAddress)
        DispatchQueue.concurrentPerform(iterations: clients) { client in
            guard let connection = try? PostgresConnection(conninfo: conninfo),
                let slot = UnsafeMutablePointer<Int64>(bitPattern: base)
            else { return }
            if !durable { _ = try? connection.execute("SET synchronous_commit = off") }
            var done: Int64 = 0
            var head = HashChain.genesis
            while monotonicSeconds() < deadline {
                do {
                    try body(connection, client, done + 1, &head)
                } catch {
                    print("  client \(client) failed: \(error)")
                    return
                }
                done += 1
            }
            slot[client] = done
        }
        return Double(counts.reduce(0, +)) / seconds
    }
}

import AccreditEngine
import EvidenceStore
import PostgresTestSupport
import Statecharts
import Testing

/// Someone holding the server's database login writes events past the store's code, a statement at a time, to get
/// round the rules migration 0018 checks once per statement instead of once per row: every attempt is refused and
/// leaves the log as it was.
struct EventStatementCheckTests {
    /// An event row for `INSERT … VALUES`: case, seq, actor, and whether it is marked imported, at the store's time.
    static func row(
        _ caseID: String, _ seq: Int, by actor: String = "sam", imported: Bool = false,
        at time: String = "accredit_now()"
    ) -> String {
        "('\(caseID)', \(seq), 'note', '\(actor)', \(time), 'null', 'd', '\\x\(zeros)', '\\x\(zeros)', "
            + "\(imported))"
    }

    static let zeros = String(repeating: "00", count: 32)

    /// The statement inserting `rows`.
    static func insert(_ rows: [String]) -> String {
        """
        INSERT INTO case_events (case_id, seq, type, actor_id, occurred_at, payload, definition_hash, prev_hash, hash,
                                 imported)
        VALUES \(rows.joined(separator: ", "))
        """
    }

    /// Opens live case C-1 with two events and imported case C-2 with two imported events, as the application role.
    static func store(_ application: String) throws -> PostgresConnection {
        let app = try PostgresConnection(conninfo: application)
        try CaseFixtures.openCase(app)
        try CaseFixtures.openCase(app, caseID: "C-2", imported: true)
        let log = CaseLog(connection: app)
        try log.append(
            caseID: "C-1", expectedVersion: 0, events: [CaseFixtures.event("a"), CaseFixtures.event("b")],
            definitionHash: "d", projection: CaseFixtures.projection)
        try log.importHistory(
            caseID: "C-2", expectedVersion: 0,
            events: [CaseFixtures.event("a"), CaseFixtures.event("b")].map {
                NewEvent(type: $0.type, actor: $0.actor, occurredAt: CaseFixtures.opened.adding(days: -1))
            }, definitionHash: "d", projection: CaseFixtures.projection)
        return app
    }

    @Test(arguments: [
        // Gaps: after the last event, inside one statement, and a statement that starts past the end.
        ([row("C-1", 4)], "23503"),
        ([row("C-1", 3), row("C-1", 5)], "23503"),
        ([row("C-1", 3), row("C-1", 4), row("C-1", 6), row("C-1", 7)], "23503"),
        // A case or an actor that does not exist, hidden among good rows.
        ([row("C-1", 3), row("C-404", 1)], "23503"),
        ([row("C-1", 3), row("C-1", 4, by: "mallory")], "23503"),
        // A repeated seq.
        ([row("C-1", 3), row("C-1", 3)], "23505"),
        ([row("C-1", 2)], "23505"),
        // Live events stamped with another time than the store's, in the past or the future.
        ([row("C-1", 3), row("C-1", 4, at: "accredit_now() - interval '1 hour'")], "AC412"),
        ([row("C-1", 3, at: "accredit_now() + interval '1 second'")], "AC412"),
        // Imported events into a live case, after live events, or mixed with live ones in one statement.
        ([row("C-1", 3, imported: true)], "AC412"),
        ([row("C-2", 3), row("C-2", 4, imported: true)], "AC412"),
        ([row("C-2", 3, imported: true), row("C-2", 4)], "AC412"),
    ])
    func aStatementThatBreaksARuleIsRefusedWhole(_ rows: [String], _ state: String) async throws {
        try await TestDatabase.withApplicationRole { _, application in
            let app = try Self.store(application)
            do {
                try app.execute(Self.insert(rows))
                Issue.record("the application role ran: \(rows)")
            } catch let error as PostgresError {
                #expect(error.hasSQLState(state), "\(rows): \(error)")
            }
            let log = CaseLog(connection: app)
            #expect(try log.events(of: "C-1").map(\.envelope.seq) == [1, 2])
            #expect(try log.events(of: "C-2").map(\.envelope.seq) == [1, 2])
        }
    }

    @Test func oneSessionChecksSingleRowsAndWholeStatementsAlike() async throws {
        try await TestDatabase.withApplicationRole { _, application in
            let app = try Self.store(application)
            // One row is checked by key, several by one grouped pass: the same errors either way, in one session.
            for (rows, state) in [
                ([Self.row("C-1", 4)], "23503"), ([Self.row("C-1", 3), Self.row("C-1", 5)], "23503"),
                ([Self.row("C-1", 3, by: "mallory")], "23503"), ([Self.row("C-1", 3), Self.row("C-9", 1)], "23503"),
            ] {
                let refused = try #require(throws: PostgresError.self) { try app.execute(Self.insert(rows)) }
                #expect(refused.sqlState == state, "\(rows)")
            }
            try app.execute(Self.insert([Self.row("C-1", 3)]))
            try app.execute(Self.insert([Self.row("C-1", 4), Self.row("C-1", 5, by: "alice")]))
            try app.execute(Self.insert([Self.row("C-1", 6)]))
            #expect(try CaseLog(connection: app).events(of: "C-1").map(\.envelope.seq) == [1, 2, 3, 4, 5, 6])
        }
    }

    @Test func noEventCarriesItsOwnRecordingTimeAndNoImportedOneLiesInTheFuture() async throws {
        try await TestDatabase.withApplicationRole { _, application in
            let app = try Self.store(application)
            let columns =
                "case_id, seq, type, actor_id, occurred_at, payload, definition_hash, prev_hash, hash, imported"
            let values = "'note', 'sam', accredit_now() - interval '1 day', 'null', 'd', $1, $1, true"
            let backdated = try #require(throws: PostgresError.self) {
                try app.execute(
                    "INSERT INTO case_events (\(columns), recorded_at) VALUES ('C-2', 3, \(values), '2001-01-01')",
                    [.bytea(HashChain.genesis)])
            }
            #expect(backdated.sqlState == "AC412")
            let liveBackdated = try #require(throws: PostgresError.self) {
                try app.execute(
                    """
                    INSERT INTO case_events (\(columns), recorded_at)
                    VALUES ('C-1', 3, 'note', 'sam', accredit_now(), 'null', 'd', $1, $1, false, '2001-01-01')
                    """, [.bytea(HashChain.genesis)])
            }
            #expect(liveBackdated.sqlState == "AC412")
            let future = try #require(throws: PostgresError.self) {
                try app.execute(
                    """
                    INSERT INTO case_events (\(columns))
                    VALUES ('C-2', 3, 'note', 'sam', accredit_now() + interval '1 second', 'null', 'd', $1, $1, true)
                    """, [.bytea(HashChain.genesis)])
            }
            #expect(future.sqlState == "AC412")
            try app.execute(
                "INSERT INTO case_events (\(columns)) VALUES ('C-2', 3, \(values))", [.bytea(HashChain.genesis)])
            #expect(try CaseLog(connection: app).events(of: "C-2").map(\.envelope.seq) == [1, 2, 3])
        }
    }

    @Test func aCaseIsNeverRemovedEvenByItsOwner() async throws {
        try await TestDatabase.withApplicationRole { admin, application in
            _ = try Self.store(application)
            for statement in ["DELETE FROM cases WHERE case_id = 'C-1'", "TRUNCATE cases CASCADE"] {
                let refused = try #require(throws: PostgresError.self) { try admin.execute(statement) }
                #expect(refused.sqlState == "AC403", "\(statement)")
            }
            #expect(try CaseLog(connection: admin).head(of: "C-1").version == 2)
        }
    }

    @Test func aTemporaryTableCannotStandInForTheTablesTheChecksRead() async throws {
        try await TestDatabase.withApplicationRole { _, application in
            let app = try Self.store(application)
            try app.execute("CREATE TEMPORARY TABLE cases (case_id text, imported boolean)")
            try app.execute("INSERT INTO cases VALUES ('C-404', true)")
            try app.execute("CREATE TEMPORARY TABLE actors (actor_id text)")
            try app.execute("INSERT INTO actors VALUES ('mallory')")
            for rows in [[Self.row("C-404", 1)], [Self.row("C-1", 3, by: "mallory")]] {
                let refused = try #require(throws: PostgresError.self) {
                    try app.execute("SET search_path = pg_temp, public")
                    defer { _ = try? app.execute("RESET search_path") }
                    try app.execute(Self.insert(rows).replacing("INTO case_events", with: "INTO public.case_events"))
                }
                #expect(refused.sqlState == "23503", "\(rows)")
            }
        }
    }

    @Test func aTemporaryTableCannotSetTheStoresClockBack() async throws {
        try await TestDatabase.withApplicationRole { _, application in
            let app = try Self.store(application)
            try app.execute(
                "CREATE TEMPORARY TABLE store_settings (change_id bigint, name text, value text, changed_by text)")
            try app.execute("INSERT INTO store_settings VALUES (1000000, 'clock', '2001-01-01T00:00:00Z', 'sam')")
            try app.execute("SET search_path = pg_temp, public")
            let backdated = try #require(throws: PostgresError.self) {
                try app.execute(Self.insert([Self.row("C-1", 3, at: "'2001-01-01T00:00:00Z'")]))
            }
            #expect(backdated.sqlState == "AC412")
        }
    }

    @Test func temporaryTypesCannotStandInForTheTypesTheChecksUse() async throws {
        try await TestDatabase.withApplicationRole { _, application in
            _ = try Self.store(application)
            // A new session, before any check has run in it: a table called "record" would give the live check's
            // row variable its columns (so that a true flag lands where "the case exists" is read), and a domain
            // called timestamptz would turn the store's time into today's midnight.
            let app = try PostgresConnection(conninfo: application)
            try app.execute(
                """
                CREATE TEMPORARY TABLE "record" (c1 text, c2 bigint, c3 bigint, c4 bigint, case_known boolean,
                    restamped boolean, c7 timestamptz, c8 timestamptz, unknown_actor text, c10 boolean, c11 text,
                    follows boolean, c13 boolean, c14 boolean, c15 boolean)
                """)
            try app.execute("CREATE DOMAIN pg_temp.timestamptz AS pg_catalog.date")
            for rows in [
                [Self.row("C-1", 1000, by: "mallory"), Self.row("GHOST", 1, by: "mallory")],
                [Self.row("C-1", 3, at: "date_trunc('day', accredit_now())")],
            ] {
                let refused = try #require(throws: PostgresError.self) { try app.execute(Self.insert(rows)) }
                #expect(["23503", "AC412"].contains(refused.sqlState ?? ""), "\(rows): \(refused)")
            }
            #expect(try CaseLog(connection: app).events(of: "C-1").map(\.envelope.seq) == [1, 2])
        }
    }

    @Test func everyStoredFunctionSearchesItsOwnSchemaBeforeTemporaryObjects() async throws {
        try await TestDatabase.withMigratedConnection { db in
            let unpinned = try db.query(
                """
                SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'public' AND NOT EXISTS (
                    SELECT 1 FROM unnest(p.proconfig) AS setting
                    WHERE setting = 'search_path=pg_catalog, public, pg_temp')
                ORDER BY 1
                """
            ).map { try $0["proname"].string() }
            #expect(unpinned.isEmpty, "functions that search a session's temporary objects first: \(unpinned)")
        }
    }
}

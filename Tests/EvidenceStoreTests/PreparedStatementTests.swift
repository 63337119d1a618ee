import EvidenceStore
import PostgresTestSupport
import Testing

/// Queries and changes are prepared once per session, and a prepared statement never gives a wrong or stale
/// answer: the server's own list of the session's prepared statements is the witness.
struct PreparedStatementTests {
    /// The statements this session has prepared, as the server lists them (leaving out this listing itself).
    static func prepared(_ db: PostgresConnection) throws -> [String] {
        try db.query(
            """
            SELECT statement FROM pg_prepared_statements
            WHERE from_sql = false AND statement NOT LIKE '%pg_prepared_statements%' ORDER BY prepare_time
            """
        ).map { try $0["statement"].string() }
    }

    @Test func aRepeatedQueryIsPreparedOnceAndAnswersWithItsOwnParameters() async throws {
        try await TestDatabase.withConnection { db in
            try db.execute("CREATE TABLE p (id int PRIMARY KEY, name text)")
            for id in 1...3 {
                try db.execute("INSERT INTO p VALUES ($1, $2)", [.int32(Int32(id)), .text("n\(id)")])
            }
            for id in 1...3 {
                let name = try db.query("SELECT name FROM p WHERE id = $1", [.int32(Int32(id))]).first?["name"]
                #expect(try name?.string() == "n\(id)")
            }
            #expect(try Self.prepared(db) == ["INSERT INTO p VALUES ($1, $2)", "SELECT name FROM p WHERE id = $1"])
            // The same text with other parameter types is its own statement, as the server must see it.
            #expect(try db.query("SELECT name FROM p WHERE id = $1", [.int(2)]).first?["name"].string() == "n2")
            #expect(try Self.prepared(db).count == 3)
        }
    }

    @Test func scriptsAndUtilityStatementsAreNeverPrepared() async throws {
        try await TestDatabase.withConnection { db in
            try db.execute("CREATE TABLE u (x int)")
            try db.execute("SET application_name = 'prepared-test'")
            #expect(throws: PostgresError.self) { try db.execute("INSERT INTO u VALUES (1); DROP TABLE u") }
            try db.execute("  \n\tWITH v AS (SELECT 1 AS x) INSERT INTO u SELECT x FROM v")
            #expect(try db.query("SELECT count(*) AS n FROM u").first?["n"].int() == 1)
            #expect(try Self.prepared(db).count == 2)
            #expect(try Self.prepared(db).allSatisfy { !$0.contains("CREATE") && !$0.contains("SET ") })
        }
    }

    @Test func aSchemaChangeUnderAPreparedStatementIsRecoveredFrom() async throws {
        try await TestDatabase.withConnection { db in
            try db.execute("CREATE TABLE w (a int)")
            try db.execute("INSERT INTO w VALUES (1)")
            #expect(try db.query("SELECT * FROM w").first?["a"].int() == 1)
            try db.execute("ALTER TABLE w ADD COLUMN b text DEFAULT 'new'")
            // Outside a transaction the statement is prepared again and answers with the new shape.
            let row = try #require(try db.query("SELECT * FROM w").first)
            #expect(try row["b"].string() == "new")
            #expect(try db.query("SELECT * FROM w").first?["b"].string() == "new")
            try db.execute("ALTER TABLE w ADD COLUMN c int DEFAULT 3")
            // Inside one the change aborts it, so the error is reported; the next statement works again.
            #expect(throws: PostgresError.self) {
                try db.transaction { tx in _ = try tx.query("SELECT * FROM w") }
            }
            #expect(try db.query("SELECT * FROM w").first?["c"].int() == 3)
        }
    }

    @Test func statementsBuiltWithVaryingTextStopBeingPreparedAtTheLimit() async throws {
        try await TestDatabase.withConnection { (db: PostgresConnection) throws in
            for n in 1...300 {
                #expect(try db.query("SELECT \(n) AS n").first?["n"].int() == Int64(n))
            }
            #expect(try Self.prepared(db).count == 256)
            #expect(try db.query("SELECT 301 AS n").first?["n"].int() == 301)
        }
    }
}

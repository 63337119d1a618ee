import AccreditEngine
import EvidenceStore
import PostgresTestSupport
import Statecharts
import Testing

struct PostgresConnectionTests {
    @Test func roundTripsEveryParameterType() async throws {
        try await TestDatabase.withConnection { db in
            try db.execute(
                """
                CREATE TABLE t (s text, i bigint, n integer, b boolean, at timestamptz, raw bytea, doc jsonb, missing text)
                """)
            let instant = try #require(Instant(iso8601: "2026-11-29T12:34:56.123456Z"))
            let bytes: [UInt8] = [0, 1, 2, 0xff, 0x5c, 0x27, 0]
            let inserted = try db.execute(
                "INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                [
                    .text("héllo ✓"), .int(Int64.min), .int32(-42), .bool(true), .timestamp(instant), .bytea(bytes),
                    .jsonb(#"{"b":[1,2],"a":"x"}"#), .null,
                ])
            #expect(inserted == 1)
            let row = try #require(try db.query("SELECT * FROM t").first)
            #expect(try row["s"].string() == "héllo ✓")
            #expect(try row["i"].int() == Int64.min)
            #expect(try row["n"].int() == -42)
            #expect(try row["b"].bool() == true)
            #expect(try row["at"].instant() == instant)
            #expect(try row["raw"].byteArray() == bytes)
            #expect(try row["doc"].string() == #"{"a": "x", "b": [1, 2]}"#)
            #expect(try row["missing"].isNull)
            #expect(try row["missing"].optionalString() == nil)
        }
    }

    @Test func timestampsBeforeTheEpochAndFarAwayRoundTrip() async throws {
        try await TestDatabase.withConnection { db in
            for text in ["1969-12-31T23:59:59.999999Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"] {
                let instant = try #require(Instant(iso8601: text))
                let row = try #require(try db.query("SELECT $1::timestamptz AS at", [.timestamp(instant)]).first)
                #expect(try row["at"].instant() == instant, "\(text)")
            }
        }
    }

    @Test func serverErrorsCarrySQLStateAndFields() async throws {
        try await TestDatabase.withConnection { db in
            try db.execute("CREATE TABLE u (id bigint PRIMARY KEY)")
            try db.execute("INSERT INTO u VALUES ($1)", [.int(1)])
            let error = try #require(throws: PostgresError.self) {
                try db.execute("INSERT INTO u VALUES ($1)", [.int(1)])
            }
            #expect(error.code == .server)
            #expect(error.sqlState == PostgresError.SQLState.uniqueViolation)
            #expect(error.hasSQLState("23505"))
            #expect(error.detail == "Key (id)=(1) already exists.")
            #expect(error.constraint == "u_pkey")
            #expect(error.description.hasPrefix("database error 23505: duplicate key value violates unique constraint"))

            let syntax = try #require(throws: PostgresError.self) { try db.query("SELEC 1") }
            #expect(syntax.sqlState == PostgresError.SQLState.syntaxError)
            // The connection is still usable after an error.
            #expect(try db.query("SELECT 1 AS one").first?["one"].int() == 1)
        }
    }

    @Test(arguments: [
        "'; DROP TABLE notes; --",
        "Robert'); DROP TABLE notes;--",
        "\\x00 $1 $$ \" ' \\",
        "\u{202E}evil\u{202D}",
        "1 OR 1=1",
    ])
    func injectionStringsAreStoredVerbatim(_ hostile: String) async throws {
        try await TestDatabase.withConnection { db in
            try db.execute("CREATE TABLE notes (body text)")
            try db.execute("INSERT INTO notes VALUES ($1)", [.text(hostile)])
            let rows = try db.query("SELECT body FROM notes WHERE body = $1", [.text(hostile)])
            #expect(rows.count == 1)
            #expect(try rows.first?["body"].string() == hostile)
        }
    }

    @Test func aNulByteInTextIsRefusedByTheServer() async throws {
        try await TestDatabase.withConnection { db in
            let error = try #require(throws: PostgresError.self) {
                try db.query("SELECT $1::text", [.text("a\u{0}b")])
            }
            #expect(error.code == .server)
        }
    }

    @Test func stackedStatementsAreRejected() async throws {
        try await TestDatabase.withConnection { db in
            try db.execute("CREATE TABLE s (x int)")
            #expect(throws: PostgresError.self) { try db.execute("INSERT INTO s VALUES (1); DROP TABLE s") }
            #expect(try db.query("SELECT count(*) AS n FROM s").first?["n"].int() == 0)
        }
    }

    @Test func decodingTheWrongTypeSaysWhatToDo() async throws {
        try await TestDatabase.withConnection { db in
            let row = try #require(try db.query("SELECT 1.5::numeric AS x, NULL::bigint AS y").first)
            let error = try #require(throws: PostgresError.self) { try row["x"].int() }
            #expect(error.code == .decoding)
            #expect(error.message.contains("cast it in the query"))
            #expect(throws: PostgresError.self) { try row["y"].int() }
            #expect(try row["y"].optionalInt() == nil)
            #expect(throws: PostgresError.self) { try row["nope"].int() }
        }
    }
}

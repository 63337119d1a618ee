import EvidenceStore
import PostgresTestSupport
import Testing

struct PostgresTransactionTests {
    struct Boom: Error {}

    @Test func commitsWhenTheBodyReturns() async throws {
        try await TestDatabase.withConnection { db in
            try db.execute("CREATE TABLE t (x bigint)")
            let value = try db.transaction { tx in
                try tx.execute("INSERT INTO t VALUES ($1)", [.int(7)])
                return "done"
            }
            #expect(value == "done")
            #expect(db.isInTransaction == false)
            #expect(try db.query("SELECT x FROM t").map { try $0["x"].int() } == [7])
        }
    }

    @Test func rollsBackWhenTheBodyThrows() async throws {
        try await TestDatabase.withConnection { db in
            try db.execute("CREATE TABLE t (x bigint)")
            #expect(throws: Boom.self) {
                try db.transaction { tx in
                    try tx.execute("INSERT INTO t VALUES ($1)", [.int(1)])
                    throw Boom()
                }
            }
            #expect(db.isInTransaction == false)
            #expect(try db.query("SELECT count(*) AS n FROM t").first?["n"].int() == 0)
        }
    }

    @Test func rollsBackWhenAStatementFails() async throws {
        try await TestDatabase.withConnection { db in
            try db.execute("CREATE TABLE t (x bigint PRIMARY KEY)")
            let error = try #require(throws: PostgresError.self) {
                try db.transaction { tx in
                    try tx.execute("INSERT INTO t VALUES ($1)", [.int(1)])
                    try tx.execute("INSERT INTO t VALUES ($1)", [.int(1)])
                }
            }
            #expect(error.sqlState == "23505")
            #expect(try db.query("SELECT count(*) AS n FROM t").first?["n"].int() == 0)
        }
    }

    @Test func nestedTransactionsAreMisuse() async throws {
        try await TestDatabase.withConnection { db in
            let error = try #require(throws: PostgresError.self) {
                try db.transaction { tx in try tx.transaction { _ in } }
            }
            #expect(error.code == .misuse)
            #expect(db.isInTransaction == false)
        }
    }
}

import EvidenceStore
import PostgresTestSupport
import Testing

struct ConnectionStringTests {
    @Test func descriptionsNeverContainThePassword() {
        let url = "postgresql://alice:s3cr3t-pw@db.example:6543/accredit"
        let text = ConnectionString.describe(url)
        #expect(!text.contains("s3cr3t-pw"))
        #expect(text.contains("user=alice"))
        #expect(text.contains("dbname=accredit"))
        let keywords = ConnectionString.describe("host=/tmp password='hunter2' dbname=x")
        #expect(!keywords.contains("hunter2"))
    }

    @Test func connectionFailuresNameTheTargetButNotThePassword() throws {
        let error = try #require(throws: PostgresError.self) {
            try PostgresConnection(conninfo: "host=/nonexistent/socket/dir port=1 user=bob password=topsecret dbname=x")
        }
        #expect(error.code == .connectionFailed)
        #expect(!error.description.contains("topsecret"))
        #expect(error.description.contains("user=bob"))
    }

    @Test func replacingKeepsOtherKeywordsAndQuotes() throws {
        let replaced = try ConnectionString.replacing(
            "postgresql:///postgres?host=/tmp/x&port=5433&user=postgres", with: ["dbname": "it's"])
        #expect(replaced.contains("dbname='it\\'s'"))
        #expect(replaced.contains("port='5433'"))
        #expect(throws: PostgresError.self) { try ConnectionString.replacing("postgresql://[bad", with: [:]) }
    }

    @Test func theHarnessGivesEachTestItsOwnDatabase() async throws {
        let first = try await TestDatabase.withConnection { db in
            try db.query("SELECT current_database() AS name").first?["name"].string()
        }
        let second = try await TestDatabase.withConnection { db in
            try db.query("SELECT current_database() AS name").first?["name"].string()
        }
        #expect(first != nil && first != second)
    }
}

import AccreditEngine
import CaseService
import EvidenceStore
import PostgresTestSupport
import ServiceTestSupport
import Testing

struct DatabaseLoginTests {
    @Test func anActorBoundToALoginCanOnlyBeUsedFromThatLogin() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withDatabase { conninfo in
                let db = try PostgresConnection(conninfo: conninfo)
                try Migrator(connection: db).migrate()
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let time = try CaseDeskTests.toEvidence(desk)
                let login = "clerk_\(UInt32.random(in: 0...UInt32.max))"
                try db.execute("CREATE ROLE \(try db.quoteIdentifier(login)) LOGIN")
                for grant in [
                    "GRANT ALL ON ALL TABLES IN SCHEMA public TO", "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO",
                    "GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO",
                ] {
                    try db.execute("\(grant) \(try db.quoteIdentifier(login))")
                }
                try desk.addActor(
                    Actor(id: "sue", name: "Sue", roles: ["secretariat"], organisation: nil, databaseLogin: login),
                    by: "sec")

                let impersonation = try #require(throws: CaseRefusal.self) {
                    try desk.fire("C-1", event: "case.suspend", by: "sue", at: time)
                }
                #expect(impersonation.rule == "access.database-login")

                let own = CaseDesk(
                    connection: try PostgresConnection(
                        conninfo: try ConnectionString.replacing(conninfo, with: ["user": login])),
                    blobs: desk.blobs)
                try own.fire("C-1", event: "case.suspend", by: "sue", at: time)
                #expect(try desk.load("C-1").state.status == "suspension-appealable")
                try db.execute("DROP OWNED BY \(try db.quoteIdentifier(login))")
                try db.execute("DROP ROLE \(try db.quoteIdentifier(login))")
            }
        }
    }
}

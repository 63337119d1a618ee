import EvidenceStore
import PostgresTestSupport
import Testing

struct MigratorTests {
    @Test func appliesPendingMigrationsOnceAndReportsStatus() async throws {
        try await TestDatabase.withConnection { db in
            let migrator = Migrator(connection: db)
            #expect(try migrator.status().map(\.state) == MigrationCatalog.all.map { _ in .pending })
            let applied = try migrator.migrate()
            #expect(applied.map(\.version) == MigrationCatalog.all.map(\.version))
            #expect(try migrator.status().allSatisfy { $0.state == .applied && $0.appliedAt != nil })
            #expect(try migrator.migrate().isEmpty)
            #expect(try db.query("SELECT count(*) AS n FROM cases").first?["n"].int() == 0)
        }
    }

    @Test func anEditedMigrationIsRefusedByName() async throws {
        try await TestDatabase.withConnection { db in
            try Migrator(connection: db).migrate()
            let original = try #require(MigrationCatalog.all.first)
            let edited = Migration.forTesting(
                version: original.version, name: original.name, sql: original.sql + "\n-- edit")
            let migrator = Migrator(connection: db, migrations: [edited])
            #expect(try migrator.status().first?.state == .edited)
            let refusal = try #require(throws: Migrator.Refusal.self) { try migrator.migrate() }
            #expect(refusal.description.contains("0001_core_schema.sql was edited after it was applied"))
        }
    }

    @Test func aDatabaseFromANewerBuildIsRefused() async throws {
        try await TestDatabase.withConnection { db in
            try Migrator(connection: db).migrate()
            try db.execute(
                "INSERT INTO accredit_schema_migrations (version, name, checksum) VALUES (999, 'future', 'x')")
            let refusal = try #require(throws: Migrator.Refusal.self) { try Migrator(connection: db).migrate() }
            #expect(refusal.description.contains("upgrade accreditctl"))
        }
    }

    @Test func aFailingMigrationRollsBackAndLeavesEarlierOnesApplied() async throws {
        try await TestDatabase.withConnection { db async throws in
            let good = Migration.forTesting(version: 1, name: "good", sql: "CREATE TABLE a (x int);")
            let bad = Migration.forTesting(version: 2, name: "bad", sql: "CREATE TABLE b (x int); SELECT nonsense;")
            let migrator = Migrator(connection: db, migrations: [good, bad])
            #expect(throws: PostgresError.self) { try migrator.migrate() }
            #expect(try migrator.status().map(\.state) == [.applied, .pending])
            #expect(try db.query("SELECT to_regclass('b') IS NULL AS gone").first?["gone"].bool() == true)
        }
    }

    @Test func concurrentMigratorsApplyEachMigrationOnce() async throws {
        try await TestDatabase.withDatabase { conninfo in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let connection = try PostgresConnection(conninfo: conninfo)
                        return try Migrator(connection: connection).migrate().count
                    }
                }
                var total = 0
                for try await count in group { total += count }
                #expect(total == MigrationCatalog.all.count)
            }
        }
    }

    @Test func everyMigrationFileIsInTheCatalog() throws {
        let folder = String(#filePath.split(separator: "/").dropLast(3).joined(separator: "/"))
        let listed = Set(MigrationCatalog.all.map(\.fileName))
        let files = try TestFiles.list("/" + folder + "/Sources/EvidenceStore/Migrations").filter {
            $0.hasSuffix(".sql")
        }
        #expect(Set(files) == listed)
    }
}

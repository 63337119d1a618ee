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
            let refusal = try #require(throws: StoreError.self) { try migrator.migrate() }
            #expect(refusal.code == .migrationEdited)
            #expect(refusal.description.contains("0001_core_schema.sql was edited after it was applied"))
        }
    }

    @Test func aDatabaseFromANewerBuildIsRefused() async throws {
        try await TestDatabase.withConnection { db in
            try Migrator(connection: db).migrate()
            try db.execute(
                "INSERT INTO accredit_schema_migrations (version, name, checksum) VALUES (999, 'future', 'x')")
            let refusal = try #require(throws: StoreError.self) { try Migrator(connection: db).migrate() }
            #expect(refusal.code == .migrationUnknown)
            #expect(refusal.migration == MigrationIdentity(version: 999, name: "future"))
            #expect(refusal.description.contains("upgrade Accredit"))
        }
    }

    /// 0001 as first shipped: its two AC404 hints named command-line tool commands (amended since, see
    /// `MigrationCatalog.amendments`).
    static func original0001() throws -> Migration {
        let amended = try #require(MigrationCatalog.all.first { $0.version == 1 })
        var lines = amended.sql.split(separator: "\n", omittingEmptySubsequences: false)
        let note = try #require(lines.firstIndex { $0.hasPrefix("-- Amended once after release") })
        lines.removeSubrange(note...(note + 2))
        let sql = lines.joined(separator: "\n")
            .replacing("HINT = 'check the case id';", with: "HINT = 'check the case id with: accreditctl case list';")
            .replacing(
                "HINT = 'check the case and evidence ids';",
                with: "HINT = 'list evidence with: accreditctl evidence list CASE';")
        return Migration.forTesting(version: 1, name: "core_schema", sql: sql)
    }

    /// The source of the two functions whose hints were amended.
    static func functionBodies(_ db: PostgresConnection) throws -> [String] {
        try db.query(
            """
            SELECT prosrc FROM pg_proc
            WHERE proname IN ('accredit_lock_case', 'accredit_set_evidence_status') ORDER BY proname
            """
        ).map { try $0["prosrc"].string() }
    }

    @Test func aDatabaseMigratedWithTheOriginal0001OpensAndConvergesOnTheAmendedFunctions() async throws {
        let original = try Self.original0001()
        // The reconstruction is exactly the text once shipped: its checksum is the one the catalog accepts.
        #expect(MigrationCatalog.amendments[1]?.contains(original.checksum) == true)
        let amended = try #require(MigrationCatalog.all.first)
        #expect(original.checksum != amended.checksum)
        let shipped = try await TestDatabase.withConnection { db in
            try Migrator(connection: db).migrate()
            return try Self.functionBodies(db)
        }
        #expect(shipped.count == 2)
        #expect(shipped.allSatisfy { !$0.contains("accreditctl") })
        try await TestDatabase.withConnection { db in
            try Migrator(connection: db, migrations: [original]).migrate()
            #expect(try Self.functionBodies(db).allSatisfy { $0.contains("accreditctl") })
            let migrator = Migrator(connection: db)
            #expect(try migrator.status().first?.state == .applied)
            let applied = try migrator.migrate()
            #expect(applied.map(\.version) == MigrationCatalog.all.map(\.version).filter { $0 > 1 })
            #expect(try migrator.status().allSatisfy { $0.state == .applied })
            #expect(try Self.functionBodies(db) == shipped)
            let missing = try #require(throws: PostgresError.self) {
                try db.query("SELECT accredit_lock_case('C-404', 0, '\\x00'::bytea)")
            }
            #expect(missing.sqlState == "AC404")
            #expect(missing.hint == "check the case id")
            // The ledger keeps the checksum that was applied.
            let recorded = try db.query("SELECT checksum FROM accredit_schema_migrations WHERE version = 1")
            #expect(try recorded.first?["checksum"].string() == original.checksum)
        }
    }

    @Test func anAmendmentAcceptsOnlyTheListedEarlierText() async throws {
        try await TestDatabase.withConnection { db in
            let first = Migration.forTesting(version: 1, name: "t", sql: "CREATE TABLE a (x int);")
            try Migrator(connection: db, migrations: [first]).migrate()
            let amended = Migration.forTesting(
                version: 1, name: "t", sql: "CREATE TABLE a (x int); -- amended", earlierChecksums: [first.checksum])
            #expect(try Migrator(connection: db, migrations: [amended]).status().first?.state == .applied)
            let unrelated = Migration.forTesting(
                version: 1, name: "t", sql: "CREATE TABLE a (x int); -- amended", earlierChecksums: ["0"])
            #expect(try Migrator(connection: db, migrations: [unrelated]).status().first?.state == .edited)
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

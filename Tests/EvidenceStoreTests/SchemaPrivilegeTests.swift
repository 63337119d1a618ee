import EvidenceStore
import PostgresTestSupport
import Testing

/// Every table's privileges for the application role, held to one declared list (migration 0010): a table a later
/// migration adds fails here until it is listed, and no history table may give the role UPDATE, DELETE or TRUNCATE.
struct SchemaPrivilegeTests {
    /// What the application role may do on one table: the table-wide privileges, and the columns it may update.
    struct Grant: Hashable, CustomStringConvertible {
        var privileges: Set<String>
        var updatableColumns: Set<String> = []

        var description: String {
            privileges.sorted().joined(separator: ",")
                + (updatableColumns.isEmpty ? "" : " UPDATE(\(updatableColumns.sorted().joined(separator: ",")))")
        }
    }

    /// History: read and append, nothing else.
    static let history = Grant(privileges: ["SELECT", "INSERT"])

    /// The intended privileges of every table. A table added by a migration is listed here in the same change:
    /// history as ``history``, a projection with exactly the UPDATE (or DELETE) the store's code needs.
    static let intended: [String: Grant] = [
        "accredit_schema_migrations": Grant(privileges: ["SELECT"]),
        "organisations": history, "actors": history, "conflict_declarations": history, "competences": history,
        "definitions": history,
        "case_events": history, "case_requests": history, "checkpoints": history, "store_settings": history,
        "evidence_disposals": history,
        "signing_keys": Grant(privileges: ["SELECT", "INSERT"], updatableColumns: ["retired_at", "retired_by"]),
        "cases": Grant(
            privileges: ["SELECT", "INSERT"],
            updatableColumns: [
                "version", "head_hash", "status", "configuration", "deadlines", "updated_at", "workflow_name",
                "workflow_version", "pinned_since",
            ]),
        "evidence": Grant(privileges: ["SELECT", "INSERT"], updatableColumns: ["status", "notes"]),
        "snapshots": Grant(privileges: ["SELECT", "INSERT"], updatableColumns: ["snapshot", "sha256"]),
        "timers": Grant(privileges: ["SELECT", "INSERT", "UPDATE", "DELETE"]),
        "auth_events": history,
        "accounts": Grant(
            privileges: ["SELECT", "INSERT"],
            updatableColumns: [
                "password_hash", "password_set_at", "totp_secret", "totp_required", "totp_last_step",
                "failed_attempts", "locked_until",
            ]),
        "invitations": Grant(privileges: ["SELECT", "INSERT"], updatableColumns: ["used_at"]),
        "access_tokens": Grant(
            privileges: ["SELECT", "INSERT"], updatableColumns: ["last_used_at", "revoked_at", "revoked_by"]),
        "sessions": Grant(privileges: ["SELECT", "INSERT"], updatableColumns: ["last_seen_at", "ended_at"]),
        // The intake lets a complainant's details be erased; its steps and the visit plans are history.
        "complaints": Grant(
            privileges: ["SELECT", "INSERT"],
            updatableColumns: ["complainant", "contact", "body", "erased_at", "erased_by"]),
        "complaint_steps": history, "visit_plans": history, "visit_steps": history, "sites": history,
        "services": history, "actor_emails": history,
        // Each reminder is claimed, then marked with its outcome (a trigger holds it to moving forward).
        "reminders": Grant(
            privileges: ["SELECT", "INSERT"],
            updatableColumns: ["email", "status", "attempts", "claimed_at", "sent_at", "error"]),
    ]

    /// The tables of the `public` schema and what the application role may do on each.
    static func actualGrants(_ db: PostgresConnection) throws -> [String: Grant] {
        var grants: [String: Grant] = [:]
        let tables = try db.query(
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
            """)
        for table in tables {
            let name = try table["relname"].string()
            var grant = Grant(privileges: [])
            for privilege in ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"] {
                let row = try db.query(
                    "SELECT has_table_privilege($1, $2::regclass, $3) AS granted",
                    [.text(StoreRoles.application), .text(name), .text(privilege)])
                if try row.first?["granted"].bool() == true { grant.privileges.insert(privilege) }
            }
            if !grant.privileges.contains("UPDATE") {
                let columns = try db.query(
                    """
                    SELECT attname FROM pg_attribute WHERE attrelid = $2::regclass AND attnum > 0 AND NOT attisdropped
                    AND has_column_privilege($1, attrelid, attnum, 'UPDATE')
                    """, [.text(StoreRoles.application), .text(name)])
                grant.updatableColumns = Set(try columns.map { try $0["attname"].string() })
            }
            grants[name] = grant
        }
        return grants
    }

    @Test func everyTableGivesTheApplicationRoleExactlyItsIntendedPrivileges() async throws {
        try await TestDatabase.withMigratedConnection { db in
            let actual = try Self.actualGrants(db)
            for (table, grant) in actual.sorted(by: { $0.key < $1.key }) {
                guard let intended = Self.intended[table] else {
                    let advice = "list it as history, or as a projection with the UPDATE or DELETE its repository needs"
                    Issue.record(
                        "table \(table) is not listed in SchemaPrivilegeTests.intended (it grants \(grant)): \(advice)")
                    continue
                }
                #expect(grant == intended, "\(table)")
            }
            #expect(Set(actual.keys) == Set(Self.intended.keys))
        }
    }

    @Test func theOwnerRoleOwnsEverythingAndTheApplicationRoleNothing() async throws {
        try await TestDatabase.withMigratedConnection { db in
            let foreign = try db.query(
                """
                SELECT c.relname AS name, pg_get_userbyid(c.relowner) AS owner FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) <> $1
                UNION ALL
                SELECT p.proname, pg_get_userbyid(p.proowner) FROM pg_proc p
                JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> $1
                """, [.text(StoreRoles.owner)])
            #expect(try foreign.map { "\(try $0["name"].string()) (\(try $0["owner"].string()))" } == [])
            let role = try #require(
                try db.query(
                    """
                    SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, rolcanlogin,
                           pg_has_role($1, $2, 'MEMBER') AS member
                    FROM pg_roles WHERE rolname = $1
                    """, [.text(StoreRoles.application), .text(StoreRoles.owner)]
                ).first)
            for attribute in ["rolsuper", "rolcreaterole", "rolcreatedb", "rolreplication", "rolbypassrls", "member"] {
                #expect(try role[attribute].bool() == false, "\(attribute)")
            }
            #expect(try role["rolcanlogin"].bool())
        }
    }

    /// A table made by a later migration is the owner's, and the application role may read and append to it only,
    /// until that migration grants more: the default for anything new is history's.
    @Test func aTableALaterMigrationCreatesIsTheOwnersAndAppendOnlyForTheServer() async throws {
        try await TestDatabase.withMigratedConnection { db in
            let later = Migration.forTesting(
                version: 99, name: "later_history",
                sql: "CREATE TABLE later_history (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text)")
            let applied = try Migrator(connection: db, migrations: MigrationCatalog.all + [later]).migrate()
            #expect(applied.map(\.version) == [99])
            let owner = try db.query(
                "SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relname = $1",
                [
                    "later_history"
                ])
            #expect(try owner.first?["owner"].string() == StoreRoles.owner)
            #expect(try Self.actualGrants(db)["later_history"] == Self.history)
            #expect(try db.query("SELECT current_user AS who").first?["who"].string() == "postgres")
        }
    }

    /// A database migrated before 0010 (by the superuser, owning everything) converges: its objects pass to the
    /// owner, and the application role works on the data already there.
    @Test func aDatabaseMigratedBeforeTheRolesConverges() async throws {
        try await TestDatabase.withDatabase { conninfo in
            let db = try PostgresConnection(conninfo: conninfo)
            try Migrator(connection: db, migrations: MigrationCatalog.all.filter { $0.version < 10 }).migrate()
            try CaseFixtures.openCase(db)
            #expect(
                try Migrator(connection: db).migrate().map(\.version)
                    == MigrationCatalog.all.map(\.version).filter { $0 >= 10 })
            #expect(try Self.actualGrants(db) == Self.intended)
            let app = try PostgresConnection(
                conninfo: try ConnectionString.replacing(conninfo, with: ["user": StoreRoles.application]))
            try CaseLog(connection: app).append(
                caseID: "C-1", expectedVersion: 0, events: [CaseFixtures.event("application.submit")],
                definitionHash: "def", projection: CaseFixtures.projection)
            #expect(try CaseLog(connection: app).head(of: "C-1").version == 1)
        }
    }

    /// A login that is not a member of the owner cannot migrate once the roles exist, and is told what to run.
    @Test func aLoginOutsideTheOwnerRoleIsToldHowToMigrate() async throws {
        try await TestDatabase.withDatabase { conninfo in
            let db = try PostgresConnection(conninfo: conninfo)
            try Migrator(connection: db).migrate()
            let login = "migrator_\(UInt32.random(in: 0...UInt32.max))"
            try db.execute("CREATE ROLE \(try db.quoteIdentifier(login)) LOGIN")
            defer { _ = try? db.execute("DROP ROLE \(try db.quoteIdentifier(login))") }
            let outsider = try PostgresConnection(
                conninfo: try ConnectionString.replacing(conninfo, with: ["user": login]))
            let later = Migration.forTesting(version: 99, name: "later", sql: "CREATE TABLE later (id int)")
            let refused = try #require(throws: StoreError.self) {
                try Migrator(connection: outsider, migrations: MigrationCatalog.all + [later]).migrate()
            }
            #expect(refused.code == .databaseRoles)
            #expect(refused.message.contains("GRANT \(StoreRoles.owner) TO \(login)"))
            // The application role cannot migrate either: it is no member of the owner.
            let app = try PostgresConnection(
                conninfo: try ConnectionString.replacing(conninfo, with: ["user": StoreRoles.application]))
            #expect(throws: StoreError.self) {
                try Migrator(connection: app, migrations: MigrationCatalog.all + [later]).migrate()
            }
        }
    }
}

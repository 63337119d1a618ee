import AccreditEngine
import EvidenceStore
import PostgresTestSupport
import Statecharts
import Testing

/// Someone holding the server's database login (issue #16) tries to rewrite history past the store's code: every
/// attempt is refused by PostgreSQL's privileges (SQLSTATE 42501), before any append-only trigger is reached, and
/// the login can still do everything the store does.
struct LeastPrivilegeAttackTests {
    /// Opens a case with two events as the application role and returns its connection.
    static func storeWithHistory(_ application: String) throws -> PostgresConnection {
        let app = try PostgresConnection(conninfo: application)
        try CaseFixtures.openCase(app)
        try CaseLog(connection: app).append(
            caseID: "C-1", expectedVersion: 0,
            events: [CaseFixtures.event("application.submit"), CaseFixtures.event("screening.start")],
            definitionHash: "def", projection: CaseFixtures.projection)
        return app
    }

    /// Expects `statement` to be refused for lack of privilege.
    static func expectDenied(_ app: PostgresConnection, _ statement: String) {
        do {
            try app.execute(statement)
            Issue.record("the application role ran: \(statement)")
        } catch {
            #expect(error.hasSQLState("42501"), "\(statement): \(error)")
        }
    }

    @Test(arguments: [
        "UPDATE case_events SET type = 'decision.record' WHERE case_id = 'C-1'",
        "DELETE FROM case_events WHERE case_id = 'C-1'",
        "TRUNCATE case_events",
        "TRUNCATE case_events, cases, timers, snapshots, evidence, case_requests CASCADE",
        "ALTER TABLE case_events DISABLE TRIGGER ALL",
        "ALTER TABLE case_events DISABLE TRIGGER case_events_append_only",
        "DROP TRIGGER case_events_append_only ON case_events",
        "DROP TABLE case_events CASCADE",
        "SET session_replication_role = replica",
        "SET ROLE accredit_owner",
        "CREATE TRIGGER sneak BEFORE INSERT ON case_events FOR EACH ROW EXECUTE FUNCTION accredit_refuse_event_change()",
        """
        CREATE OR REPLACE FUNCTION accredit_refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RETURN NEW; END $$
        """,
        "CREATE TABLE public.shadow (id int)",
        "ALTER TABLE case_events OWNER TO accredit_app",
        "ALTER TABLE case_events ADD COLUMN note text",
        "ALTER ROLE accredit_app SUPERUSER",
    ])
    func theServersRoleCannotRewriteTheEventLogOrItsGuards(_ statement: String) async throws {
        try await TestDatabase.withApplicationRole { _, application in
            let app = try Self.storeWithHistory(application)
            Self.expectDenied(app, statement)
            #expect(
                try CaseLog(connection: app).events(of: "C-1").map(\.envelope.type)
                    == ["application.submit", "screening.start"])
        }
    }

    /// Every history table refuses UPDATE, DELETE and TRUNCATE to the application role; projections refuse the
    /// columns the store never rewrites (the case's organisation and framework, an evidence file's hash). The pinned
    /// workflow version changes only with the event that records a move (CaseMigrationTests).
    @Test(arguments: [
        "UPDATE case_requests SET seq = 1", "DELETE FROM case_requests", "TRUNCATE case_requests",
        "UPDATE checkpoints SET signature = ''", "DELETE FROM checkpoints", "TRUNCATE checkpoints",
        "UPDATE store_settings SET value = 'server'", "DELETE FROM store_settings", "TRUNCATE store_settings",
        "UPDATE signing_keys SET public_key = public_key", "DELETE FROM signing_keys", "TRUNCATE signing_keys",
        "UPDATE evidence_disposals SET reason = 'x'", "DELETE FROM evidence_disposals",
        "UPDATE actors SET roles = '{decision-maker}'", "DELETE FROM actors", "TRUNCATE actors CASCADE",
        "UPDATE organisations SET name = 'x'", "DELETE FROM organisations",
        "UPDATE conflict_declarations SET valid_to = valid_from", "DELETE FROM conflict_declarations",
        "UPDATE definitions SET source = '<scxml/>'", "DELETE FROM definitions",
        "UPDATE cases SET framework_version = '2'", "UPDATE cases SET organisation_id = 'org-1'",
        "UPDATE cases SET opened_at = now()", "DELETE FROM cases",
        "UPDATE evidence SET sha256 = repeat('0', 64)", "DELETE FROM evidence", "DELETE FROM snapshots",
        "UPDATE accredit_schema_migrations SET checksum = 'x'", "DELETE FROM accredit_schema_migrations",
        "INSERT INTO accredit_schema_migrations (version, name, checksum) VALUES (99, 'x', 'x')",
    ])
    func historyTablesAndFixedColumnsRefuseTheServersRole(_ statement: String) async throws {
        try await TestDatabase.withApplicationRole { _, application in
            Self.expectDenied(try Self.storeWithHistory(application), statement)
        }
    }

    /// The insider's usual way past the triggers, `session_replication_role`, is a superuser's: with the server's
    /// login the rewrite fails and the log is unchanged.
    @Test func theInsidersRewriteFailsWithTheServersLogin() async throws {
        try await TestDatabase.withApplicationRole { _, application in
            let app = try Self.storeWithHistory(application)
            #expect(throws: PostgresError.self) {
                try Insider(app).rewrite("C-1", from: 1) { $0.type = "decision.record" }
            }
            #expect(throws: PostgresError.self) { try Insider(app).deleteCase("C-1") }
            #expect(try CaseLog(connection: app).head(of: "C-1").version == 2)
        }
    }

    /// The check a server runs before serving: the application role passes, the superuser that migrated does not.
    @Test func aServerRefusesALoginThatCouldRewriteHistory() async throws {
        try await TestDatabase.withApplicationRole { owner, application in
            let app = try PostgresConnection(conninfo: application)
            #expect(try StoreRoles.excessPrivileges(app).isEmpty)
            try StoreRoles.requireLeastPrivilege(app)
            let refused = try #require(throws: StoreError.self) { try StoreRoles.requireLeastPrivilege(owner) }
            #expect(refused.code == .roleTooPowerful)
            #expect(refused.message.contains("a superuser"))
            #expect(refused.message.contains("allowed to update case_events"))
        }
    }

    /// What the store does still works as the application role: appends, projections, timers, snapshots,
    /// evidence records and reviews, request ids, settings, keys and their rotation, checkpoints, disposals.
    @Test func theStoresOwnWorkRunsAsTheApplicationRole() async throws {
        try await TestDatabase.withApplicationRole { _, application in
            let app = try Self.storeWithHistory(application)
            let log = CaseLog(connection: app)
            let head = try log.head(of: "C-1")
            #expect(head.version == 2)
            #expect(try Migrator(connection: app).status().allSatisfy { $0.state == .applied })
            let keys = SigningKeyRegistry(connection: app)
            _ = try keys.register(Array(repeating: 1, count: 32), by: "sam")
            try keys.rotate(from: Array(repeating: 1, count: 32), to: Array(repeating: 2, count: 32), by: "sam")
            #expect(try keys.all().count == 2)
            try EvidenceRegistry(connection: app).recordDisposal(
                of: String(repeating: "a", count: 64), by: "sam", reason: "orphaned by a test")
        }
    }
}

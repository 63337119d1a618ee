import EvidenceStore
import PostgresTestSupport
import Testing

/// Someone holding the server's database login tries to bring a dead credential back: the column grants allow the
/// UPDATE, and migration 0012's triggers refuse it (SQLSTATE AC403), for the owner too.
struct CredentialForwardOnlyTests {
    @Test func revokedUsedAndEndedCredentialsStaySo() async throws {
        try await TestDatabase.withApplicationRole { owner, application in
            try CaseFixtures.openCase(owner)
            let app = try PostgresConnection(conninfo: application)
            let identity = IdentityRecords(connection: app)
            let secret = [UInt8](repeating: 7, count: 32)
            let token = try identity.insertToken(
                id: "tok000000001", actorID: "alice", name: "laptop", secretSHA256: secret, createdBy: "test",
                lifetimeSeconds: 3600)
            #expect(try identity.revokeToken(token.id, by: "sam"))
            _ = try identity.insertInvitation(
                id: "inv000000001", actorID: "alice", codeSHA256: [UInt8](repeating: 8, count: 32), invitedBy: "sam",
                lifetimeSeconds: 3600)
            // A second invitation ends the first (used_at set): that is the forward move the store makes.
            _ = try identity.insertInvitation(
                id: "inv000000002", actorID: "alice", codeSHA256: [UInt8](repeating: 9, count: 32), invitedBy: "sam",
                lifetimeSeconds: 3600)
            try identity.insertSession(
                sessionSHA256: [UInt8](repeating: 10, count: 32), actorID: "alice",
                csrfToken: String(repeating: "c", count: 32), lifetimeSeconds: 3600)
            _ = try app.execute("UPDATE sessions SET ended_at = now() WHERE actor_id = 'alice'")
            try identity.ensureAccount("alice", totpRequired: true)
            _ = try app.execute("UPDATE accounts SET totp_last_step = 100 WHERE actor_id = 'alice'")

            for connection in [app, owner] {
                for statement in [
                    "UPDATE access_tokens SET revoked_at = NULL, revoked_by = NULL WHERE token_id = 'tok000000001'",
                    "UPDATE access_tokens SET revoked_by = 'someone else' WHERE token_id = 'tok000000001'",
                    "UPDATE invitations SET used_at = NULL WHERE invitation_id = 'inv000000001'",
                    "UPDATE sessions SET ended_at = NULL WHERE actor_id = 'alice'",
                    "UPDATE accounts SET totp_required = false WHERE actor_id = 'alice'",
                    "UPDATE accounts SET totp_last_step = 99 WHERE actor_id = 'alice'",
                    "UPDATE accounts SET totp_last_step = NULL WHERE actor_id = 'alice'",
                ] {
                    let error = try #require(throws: PostgresError.self, "\(statement)") {
                        try connection.execute(statement)
                    }
                    #expect(error.hasSQLState("AC403"), "\(statement): \(error)")
                }
            }
            #expect(try identity.tokenInUse(secretSHA256: secret)?.live == false)
            // Forward moves still work: the live invitation is used, a live token is used and revoked.
            _ = try app.execute("UPDATE invitations SET used_at = now() WHERE invitation_id = 'inv000000002'")
            #expect(try identity.touchToken(token.id) == true)
        }
    }
    /// A session unused for longer than the idle limit is dead, however long its absolute lifetime; using one moves
    /// its `last_seen_at` to now (at most every quarter of the limit); and nobody can date a use in the future.
    @Test func aSessionGoesIdleUnusedAndUseKeepsItAlive() async throws {
        try await TestDatabase.withApplicationRole { owner, application in
            try CaseFixtures.openCase(owner)
            let app = try PostgresConnection(conninfo: application)
            let identity = IdentityRecords(connection: app)
            let session = [UInt8](repeating: 11, count: 32)
            try identity.insertSession(
                sessionSHA256: session, actorID: "alice", csrfToken: String(repeating: "c", count: 32),
                lifetimeSeconds: 3600)
            func lastSeenSecondsAgo() throws -> Int64 {
                try owner.query(
                    "SELECT extract(epoch FROM now() - last_seen_at)::bigint AS ago FROM sessions WHERE actor_id = 'alice'"
                ).first?["ago"].int() ?? -1
            }
            #expect(try identity.liveSession(sessionSHA256: session, idleSeconds: 600) != nil)
            // Used 200 s ago: alive under a 600 s limit, and the use is recorded (older than the minute).
            _ = try owner.execute("UPDATE sessions SET last_seen_at = now() - interval '200 seconds'")
            #expect(try identity.liveSession(sessionSHA256: session, idleSeconds: 600) != nil)
            #expect(try lastSeenSecondsAgo() < 20)
            // Used 40 s ago: alive, and not written again yet (within the minute).
            _ = try owner.execute("UPDATE sessions SET last_seen_at = now() - interval '40 seconds'")
            #expect(try identity.liveSession(sessionSHA256: session, idleSeconds: 600) != nil)
            #expect(try lastSeenSecondsAgo() >= 39)
            // Unused for 700 s: dead, well inside its hour.
            _ = try owner.execute("UPDATE sessions SET last_seen_at = now() - interval '700 seconds'")
            #expect(try identity.liveSession(sessionSHA256: session, idleSeconds: 600) == nil)
            let error = try #require(throws: PostgresError.self) {
                try app.execute("UPDATE sessions SET last_seen_at = now() + interval '1 day'")
            }
            #expect(error.hasSQLState("AC403"))
        }
    }
}

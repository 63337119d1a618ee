import AccreditEngine
import Statecharts

/// Accounts, personal access tokens, invitations, browser sessions and the authentication log in PostgreSQL
/// (migration 0009). Secrets arrive here already hashed; times are the database server's real clock.
public struct IdentityRecords {
    /// The connection the records work through.
    let connection: PostgresConnection

    /// Creates the records over a migrated database.
    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    // MARK: Accounts

    /// The actor's account, if one exists.
    public func account(_ actorID: String) throws(StoreError) -> AccountRecord? {
        try storeOperation(caseID: nil) {
            try connection.query(
                """
                SELECT actor_id, password_hash, totp_secret, totp_required, totp_last_step, failed_attempts,
                       locked_until
                FROM accounts WHERE actor_id = $1
                """, [.text(actorID)]
            ).first.map { row in
                AccountRecord(
                    actorID: try row["actor_id"].string(), passwordHash: try row["password_hash"].optionalString(),
                    totpSecret: try row["totp_secret"].isNull ? nil : try row["totp_secret"].byteArray(),
                    totpRequired: try row["totp_required"].bool(),
                    totpLastStep: try row["totp_last_step"].optionalInt(),
                    failedAttempts: Int(try row["failed_attempts"].int()),
                    lockedUntil: try row["locked_until"].optionalInstant())
            }
        }
    }

    /// Creates the actor's account if it has none, and sets whether it requires TOTP (never lowering a requirement
    /// already set).
    public func ensureAccount(_ actorID: String, totpRequired: Bool) throws(StoreError) {
        try identityWrite("account for \(actorID)") {
            try connection.execute(
                """
                INSERT INTO accounts (actor_id, totp_required) VALUES ($1, $2)
                ON CONFLICT (actor_id) DO UPDATE SET totp_required = accounts.totp_required OR EXCLUDED.totp_required
                """, [.text(actorID), .bool(totpRequired)])
        }
    }

    /// Takes a sign-in attempt before the password is checked, atomically, so that concurrent guesses cannot
    /// outrun the lockout: the count goes up first (a lock that has run out starts it again), and an attempt past
    /// `lockAfter` is refused without a check.
    ///
    /// - Returns: The attempt's number since the last success, or nil when the account is locked.
    public func takeAttempt(_ actorID: String, lockAfter: Int) throws(StoreError) -> Int? {
        try storeOperation(caseID: nil) {
            let rows = try connection.query(
                """
                UPDATE accounts SET
                    failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1
                        ELSE failed_attempts + 1 END,
                    locked_until = CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN NULL
                        ELSE locked_until END
                WHERE actor_id = $1 AND (locked_until IS NULL OR locked_until <= now())
                RETURNING failed_attempts
                """, [.text(actorID)])
            guard let row = rows.first else { return nil }
            let attempt = Int(try row["failed_attempts"].int())
            return attempt > lockAfter ? nil : attempt
        }
    }

    /// Locks the account for `lockSeconds` once `lockAfter` attempts have failed (an attempt that fails stays
    /// counted).
    ///
    /// - Returns: Until when it is locked, if it now is.
    @discardableResult
    public func lockIfExhausted(_ actorID: String, lockAfter: Int, lockSeconds: Int) throws(StoreError) -> Instant? {
        try storeOperation(caseID: nil) {
            try connection.query(
                """
                UPDATE accounts SET locked_until = COALESCE(locked_until, now() + make_interval(secs => $3))
                WHERE actor_id = $1 AND failed_attempts >= $2
                RETURNING locked_until
                """, [.text(actorID), .int(Int64(lockAfter)), .int(Int64(lockSeconds))]
            ).first.map { try $0["locked_until"].instant() }
        }
    }

    /// Clears the attempt count after a successful sign-in and records the TOTP step used, if any, unless the
    /// account was locked meanwhile (by concurrent failures).
    ///
    /// - Returns: false when `totpStep` was not after the last step accepted (a replayed code) or the account is
    ///   locked, in which case nothing changed.
    public func recordSuccess(_ actorID: String, totpStep: Int64?) throws(StoreError) -> Bool {
        try storeOperation(caseID: nil) {
            let changed = try connection.execute(
                """
                UPDATE accounts SET failed_attempts = 0, totp_last_step = COALESCE($2, totp_last_step)
                WHERE actor_id = $1 AND (locked_until IS NULL OR locked_until <= now())
                    AND ($2::bigint IS NULL OR totp_last_step IS NULL OR totp_last_step < $2)
                """, [.text(actorID), totpStep.map(PostgresValue.int) ?? .null])
            return changed == 1
        }
    }

    /// The database server's current time (the clock credentials expire by).
    public func now() throws(StoreError) -> Instant {
        try storeOperation(caseID: nil) {
            guard let row = try connection.query("SELECT now() AS now").first else {
                throw StoreError(code: .environment, message: "the database did not give its time")
            }
            return try row["now"].instant()
        }
    }

    // MARK: Tokens

    /// Stores a new token (its secret already hashed) that expires after `lifetimeSeconds`.
    public func insertToken(
        id: String, actorID: String, name: String, secretSHA256: [UInt8], createdBy: String, lifetimeSeconds: Int64
    ) throws(StoreError) -> AccessTokenRecord {
        try identityWrite("token \(name) for \(actorID)") {
            let row = try connection.query(
                """
                INSERT INTO access_tokens (token_id, actor_id, name, secret_sha256, created_by, expires_at)
                VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))
                RETURNING \(Self.tokenColumns)
                """,
                [
                    .text(id), .text(actorID), .text(name), .bytea(secretSHA256), .text(createdBy),
                    .int(lifetimeSeconds),
                ])
            guard let first = row.first else { throw StoreError(code: .environment, message: "no token returned") }
            return try Self.token(first)
        }
    }

    /// The token whose secret hashes to `secretSHA256`, if any (revoked and expired ones too: the caller decides).
    public func token(secretSHA256: [UInt8]) throws(StoreError) -> AccessTokenRecord? {
        try storeOperation(caseID: nil) {
            try connection.query(
                "SELECT \(Self.tokenColumns) FROM access_tokens WHERE secret_sha256 = $1", [.bytea(secretSHA256)]
            ).first.map(Self.token)
        }
    }

    /// The token whose secret hashes to `secretSHA256`, if any, with whether it is live by the database's clock
    /// (neither revoked nor expired) and the actor it acts for, in one query.
    public func tokenInUse(secretSHA256: [UInt8]) throws(StoreError) -> (
        token: AccessTokenRecord, live: Bool, actor: Actor
    )? {
        try storeOperation(caseID: nil) {
            let columns = Self.tokenColumns.split(separator: ", ").map { "t.\($0)" }.joined(separator: ", ")
            guard
                let row = try connection.query(
                    """
                    SELECT \(columns), (t.revoked_at IS NULL AND t.expires_at > now()) AS live,
                           a.display_name, array_to_string(a.roles, ' ') AS roles, a.organisation_id, a.db_login,
                           (SELECT e.email FROM actor_emails e WHERE e.actor_id = a.actor_id
                            ORDER BY e.entry_id DESC LIMIT 1) AS email
                    FROM access_tokens t JOIN actors a ON a.actor_id = t.actor_id
                    WHERE t.secret_sha256 = $1
                    """, [.bytea(secretSHA256)]
                ).first
            else { return nil }
            return (try Self.token(row), try row["live"].bool(), try DirectoryRecords.actor(row))
        }
    }

    /// The token with this public id, if any.
    public func token(id: String) throws(StoreError) -> AccessTokenRecord? {
        try storeOperation(caseID: nil) {
            try connection.query("SELECT \(Self.tokenColumns) FROM access_tokens WHERE token_id = $1", [.text(id)])
                .first.map(Self.token)
        }
    }

    /// Every token, or one actor's, newest first.
    public func tokens(of actorID: String?) throws(StoreError) -> [AccessTokenRecord] {
        try storeOperation(caseID: nil) {
            try connection.query(
                """
                SELECT \(Self.tokenColumns) FROM access_tokens WHERE $1::text IS NULL OR actor_id = $1
                ORDER BY created_at DESC, token_id
                """, [actorID.map(PostgresValue.text) ?? .null]
            ).map(Self.token)
        }
    }

    /// Notes a token's use, at most once a minute per token.
    ///
    /// - Returns: true when this use was noted (so the caller logs it), false when the token was used within the
    ///   last minute.
    public func touchToken(_ id: String) throws(StoreError) -> Bool {
        try storeOperation(caseID: nil) {
            try connection.execute(
                """
                UPDATE access_tokens SET last_used_at = now()
                WHERE token_id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
                """, [.text(id)]) == 1
        }
    }

    /// Revokes a live token.
    ///
    /// - Returns: false when the token was already revoked.
    public func revokeToken(_ id: String, by who: String) throws(StoreError) -> Bool {
        try storeOperation(caseID: nil) {
            try connection.execute(
                "UPDATE access_tokens SET revoked_at = now(), revoked_by = $2 WHERE token_id = $1 AND revoked_at IS NULL",
                [.text(id), .text(who)]) == 1
        }
    }

    static let tokenColumns =
        "token_id, actor_id, name, created_by, created_at, expires_at, last_used_at, revoked_at, revoked_by"

    static func token(_ row: PostgresRow) throws -> AccessTokenRecord {
        AccessTokenRecord(
            id: try row["token_id"].string(), actorID: try row["actor_id"].string(), name: try row["name"].string(),
            createdBy: try row["created_by"].string(), createdAt: try row["created_at"].instant(),
            expiresAt: try row["expires_at"].instant(), lastUsedAt: try row["last_used_at"].optionalInstant(),
            revokedAt: try row["revoked_at"].optionalInstant(), revokedBy: try row["revoked_by"].optionalString())
    }

    // MARK: Invitations

    /// Stores an invitation (its code already hashed) that expires after `lifetimeSeconds`, and ends every earlier
    /// unused invitation of the same actor.
    public func insertInvitation(
        id: String, actorID: String, codeSHA256: [UInt8], invitedBy: String, lifetimeSeconds: Int64
    ) throws(StoreError) -> InvitationRecord {
        try identityWrite("invitation for \(actorID)") {
            try connection.transaction { _ in
                _ = try connection.execute(
                    "UPDATE invitations SET used_at = now() WHERE actor_id = $1 AND used_at IS NULL",
                    [.text(actorID)])
                let rows = try connection.query(
                    """
                    INSERT INTO invitations (invitation_id, actor_id, code_sha256, invited_by, expires_at)
                    VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))
                    RETURNING invitation_id, actor_id, invited_by, expires_at, used_at
                    """, [.text(id), .text(actorID), .bytea(codeSHA256), .text(invitedBy), .int(lifetimeSeconds)])
                guard let row = rows.first else {
                    throw StoreError(code: .environment, message: "no invitation returned")
                }
                return try Self.invitation(row)
            }
        }
    }

    /// Takes a live invitation by its code's hash and sets the invited account's password, in one transaction so
    /// that a code works once and never leaves an account half set. `totpSecret` is stored only when the account
    /// requires TOTP. A password set again (a reset: the account had one) ends every session and revokes every token
    /// the account had, so that whoever held the old password, or whoever reset it, is seen: the person is signed out
    /// everywhere.
    ///
    /// - Returns: The actor, whether the TOTP secret was stored, and how many sessions and tokens were ended, or nil
    ///   when no live invitation has this code.
    public func redeemInvitation(
        codeSHA256: [UInt8], passwordHash: String, totpSecret: [UInt8]
    ) throws(StoreError) -> (actorID: String, totpEnrolled: Bool, ended: Int)? {
        try identityWrite("invitation") {
            try connection.transaction { _ in
                guard let taken = try redeem(codeSHA256, passwordHash, totpSecret) else { return nil }
                guard taken.reset else { return (taken.actorID, taken.totpEnrolled, 0) }
                let sessions = try connection.execute(
                    "UPDATE sessions SET ended_at = now() WHERE actor_id = $1 AND ended_at IS NULL",
                    [.text(taken.actorID)])
                let tokens = try connection.execute(
                    """
                    UPDATE access_tokens SET revoked_at = now(), revoked_by = 'password-reset'
                    WHERE actor_id = $1 AND revoked_at IS NULL
                    """, [.text(taken.actorID)])
                return (taken.actorID, taken.totpEnrolled, sessions + tokens)
            }
        }
    }

    private func redeem(
        _ codeSHA256: [UInt8], _ passwordHash: String, _ totpSecret: [UInt8]
    ) throws -> (actorID: String, totpEnrolled: Bool, reset: Bool)? {
        // `earlier` reads the account as it was before this statement: a password already set makes a reset.
        try connection.query(
            """
            WITH taken AS (
                UPDATE invitations SET used_at = now()
                WHERE code_sha256 = $1 AND used_at IS NULL AND expires_at > now()
                RETURNING actor_id
            )
            UPDATE accounts SET password_hash = $2, password_set_at = now(), failed_attempts = 0,
                locked_until = NULL,
                totp_secret = CASE WHEN accounts.totp_required THEN $3 ELSE NULL END, totp_last_step = NULL
            FROM taken, (SELECT actor_id, password_hash IS NOT NULL AS had_password FROM accounts) AS earlier
            WHERE accounts.actor_id = taken.actor_id AND earlier.actor_id = taken.actor_id
            RETURNING accounts.actor_id, accounts.totp_required, earlier.had_password
            """, [.bytea(codeSHA256), .text(passwordHash), .bytea(totpSecret)]
        ).first.map { row in
            (try row["actor_id"].string(), try row["totp_required"].bool(), try row["had_password"].bool())
        }
    }

    static func invitation(_ row: PostgresRow) throws -> InvitationRecord {
        InvitationRecord(
            id: try row["invitation_id"].string(), actorID: try row["actor_id"].string(),
            invitedBy: try row["invited_by"].string(), expiresAt: try row["expires_at"].instant(),
            usedAt: try row["used_at"].optionalInstant())
    }

    // MARK: Sessions

    /// Stores a browser session (its cookie value already hashed) that expires after `lifetimeSeconds`.
    public func insertSession(
        sessionSHA256: [UInt8], actorID: String, csrfToken: String, lifetimeSeconds: Int64
    ) throws(StoreError) {
        try identityWrite("session for \(actorID)") {
            try connection.execute(
                """
                INSERT INTO sessions (session_sha256, actor_id, csrf_token, expires_at)
                VALUES ($1, $2, $3, now() + make_interval(secs => $4))
                """, [.bytea(sessionSHA256), .text(actorID), .text(csrfToken), .int(lifetimeSeconds)])
        }
    }

    /// The live session whose cookie hashes to `sessionSHA256`: not ended, not expired, and used within the last
    /// `idleSeconds`. Using it counts as activity: its `last_seen_at` moves to now when it is older than a
    /// quarter of the idle limit (at most a minute), so a busy session is not a write per request.
    public func liveSession(sessionSHA256: [UInt8], idleSeconds: Int64) throws(StoreError) -> SessionRecord? {
        try storeOperation(caseID: nil) {
            try connection.query(
                """
                WITH live AS (
                    SELECT session_sha256, actor_id, csrf_token, expires_at, last_seen_at FROM sessions
                    WHERE session_sha256 = $1 AND ended_at IS NULL AND expires_at > now()
                        AND last_seen_at > now() - make_interval(secs => $2)
                ), touched AS (
                    UPDATE sessions SET last_seen_at = now() FROM live
                    WHERE sessions.session_sha256 = live.session_sha256
                        AND live.last_seen_at < now() - make_interval(secs => $3)
                )
                SELECT actor_id, csrf_token, expires_at FROM live
                """, [.bytea(sessionSHA256), .int(idleSeconds), .int(max(1, min(60, idleSeconds / 4)))]
            ).first.map { row in
                SessionRecord(
                    actorID: try row["actor_id"].string(), csrfToken: try row["csrf_token"].string(),
                    expiresAt: try row["expires_at"].instant())
            }
        }
    }

    /// Ends a session (sign-out).
    public func endSession(sessionSHA256: [UInt8]) throws(StoreError) {
        _ = try storeOperation(caseID: nil) {
            try connection.execute(
                "UPDATE sessions SET ended_at = now() WHERE session_sha256 = $1 AND ended_at IS NULL",
                [.bytea(sessionSHA256)])
        }
    }

    // MARK: The authentication log

    /// Appends a line to the authentication log.
    public func log(_ event: AuthEvent) throws(StoreError) {
        _ = try storeOperation(caseID: nil) {
            try connection.execute(
                """
                INSERT INTO auth_events (kind, actor_id, subject, credential, remote, detail)
                VALUES ($1, $2, $3, $4, $5, $6)
                """,
                [
                    .text(event.kind), event.actorID.map(PostgresValue.text) ?? .null,
                    event.subject.map { .text(String($0.prefix(200))) } ?? .null,
                    event.credential.map(PostgresValue.text) ?? .null,
                    event.remote.map { .text(String($0.prefix(200))) } ?? .null,
                    event.detail.map { .text(String($0.prefix(2000))) } ?? .null,
                ])
        }
    }

    /// The newest lines of the authentication log, newest first, optionally one actor's.
    public func authEvents(actorID: String? = nil, limit: Int = 100) throws(StoreError) -> [AuthEvent] {
        try storeOperation(caseID: nil) {
            try connection.query(
                """
                SELECT seq, at, kind, actor_id, subject, credential, remote, detail FROM auth_events
                WHERE $1::text IS NULL OR actor_id = $1 ORDER BY seq DESC LIMIT $2
                """, [actorID.map(PostgresValue.text) ?? .null, .int(Int64(limit))]
            ).map { row in
                AuthEvent(
                    kind: try row["kind"].string(), actorID: try row["actor_id"].optionalString(),
                    subject: try row["subject"].optionalString(), credential: try row["credential"].optionalString(),
                    remote: try row["remote"].optionalString(), detail: try row["detail"].optionalString(),
                    seq: try row["seq"].int(), at: try row["at"].instant())
            }
        }
    }

    private func identityWrite<T>(_ what: String, _ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let error as PostgresError where error.hasSQLState(PostgresError.SQLState.uniqueViolation) {
            throw StoreError(code: .invalid, message: "\(what) already exists", underlying: error)
        } catch let error as PostgresError where error.hasSQLState(PostgresError.SQLState.checkViolation) {
            throw StoreError(code: .invalid, message: "\(what): a value is malformed", underlying: error)
        } catch let error as PostgresError where error.hasSQLState(PostgresError.SQLState.foreignKeyViolation) {
            throw StoreError(code: .actorNotFound, message: "\(what): no such actor", underlying: error)
        } catch let error as StoreError {
            throw error
        } catch let error as PostgresError {
            throw StoreError.from(error, caseID: nil)
        } catch {
            throw StoreError(code: .environment, message: "\(error)")
        }
    }
}

import AccreditEngine
import EvidenceStore
import HummingbirdBcrypt
import Statecharts

/// Identity for the server: passwords (bcrypt), TOTP, personal access tokens, invitations, browser sessions and
/// lockout, with every sign-in, failure, token use and revocation in the authentication log.
extension CaseDesk {
    /// The prefix every personal access token starts with, so that scanners can find leaked ones.
    public static let tokenPrefix = "acc_"

    // MARK: Tokens

    /// Creates a personal access token for `actorID`, named `name`, that expires after `days` (the policy's default
    /// when nil).
    ///
    /// An operator in direct mode may create one for anyone; an actor only for themselves.
    ///
    /// - Throws: ``CaseServiceError`` `.tokenRejected` for a bad name or lifetime, ``CaseRefusal`` `access.token`
    ///   when an actor asks for someone else's, ``StoreError`` `.actorNotFound`, or `.invalid` for a name taken by
    ///   another live token.
    /// - Parameter name: The token's name; nil names it after its id (`token ID`), so that it never collides.
    public func createToken(
        for actorID: String, name: String?, days: Int?, by requester: IdentityRequester
    ) throws -> IssuedToken {
        let id = Secrets.randomID()
        let name = name ?? "token \(id)"
        let days = days ?? identityPolicy.defaultTokenDays
        guard (1...identityPolicy.maximumTokenDays).contains(days) else {
            throw CaseServiceError(
                code: .tokenRejected,
                message: "a token lasts from 1 to \(identityPolicy.maximumTokenDays) days, not \(days)")
        }
        guard Self.isValidTokenName(name) else {
            throw CaseServiceError(
                code: .tokenRejected,
                message: "a token name is 1 to 100 letters, digits, spaces and . _ : @ -, starting with a letter or "
                    + "digit")
        }
        let actor = try directory.actor(actorID)
        try refuseSystem(actor)
        if case .actor(let requesterID) = requester, requesterID != actorID {
            throw CaseRefusal(
                rule: "access.token",
                message: "\(requesterID) may not create a token for \(actorID): people "
                    + "create their own tokens, and an operator creates tokens for others in direct mode")
        }
        let secret = Self.tokenPrefix + id + "_" + Secrets.randomSecret()
        let record = try identity.insertToken(
            id: id, actorID: actorID, name: name, secretSHA256: Secrets.sha256(secret),
            createdBy: requester.recordedName, lifetimeSeconds: Int64(days) * 86400)
        try identity.log(
            AuthEvent(
                kind: "token.created", actorID: actorID, credential: "token:\(id)",
                detail: "named \(name), by \(requester.recordedName), for \(days) days"))
        return IssuedToken(secret: secret, record: record)
    }

    /// Whether a token name is acceptable: 1 to 100 letters, digits, spaces and `. _ : @ -`.
    public static func isValidTokenName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 100 else { return false }
        func allowed(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || " ._:@-".unicodeScalars.contains(scalar))
        }
        return first != " " && allowed(first) && name.unicodeScalars.allSatisfy(allowed)
    }

    /// The actor a bearer token acts as, after checking that it is known, live and unexpired; notes its use (at
    /// most once a minute in the authentication log).
    ///
    /// - Throws: ``CaseServiceError`` `.unauthenticated` (one answer for an unknown, expired or revoked token).
    public func authenticate(token: String, remote: String? = nil) throws -> Actor {
        let unauthenticated = CaseServiceError(
            code: .unauthenticated, message: "the token is not valid: it is unknown, expired or revoked")
        guard token.hasPrefix(Self.tokenPrefix), token.utf8.count <= 200,
            let (record, live, actor) = try identity.tokenInUse(secretSHA256: Secrets.sha256(token))
        else { throw unauthenticated }
        guard live else {
            try identity.log(
                AuthEvent(
                    kind: "token.refused", actorID: record.actorID, credential: "token:\(record.id)", remote: remote,
                    detail: record.revokedAt == nil ? "expired" : "revoked"))
            throw unauthenticated
        }
        verifiedActor = actor
        if try identity.touchToken(record.id) {
            try identity.log(
                AuthEvent(kind: "token.used", actorID: actor.id, credential: "token:\(record.id)", remote: remote))
        }
        return actor
    }

    /// The tokens an actor may see: their own, or everyone's for an administrator (`directory.write`) when `of` is
    /// nil or another actor.
    public func tokens(of actorID: String?, as requester: IdentityRequester) throws -> [AccessTokenRecord] {
        if case .actor(let id) = requester, actorID != id {
            _ = try require(.writeDirectory, by: id)
        }
        return try identity.tokens(of: actorID)
    }

    /// Revokes a token: the holder's own, or anyone's for an administrator (`directory.write`) or the operator.
    ///
    /// - Throws: ``CaseServiceError`` `.tokenNotFound` (also for someone else's token when the requester may not
    ///   revoke it, so that ids are not confirmed).
    public func revokeToken(_ id: String, by requester: IdentityRequester) throws -> AccessTokenRecord {
        let notFound = CaseServiceError(code: .tokenNotFound, message: "no token \(id) of yours")
        guard let record = try identity.token(id: id) else { throw notFound }
        if case .actor(let requesterID) = requester, requesterID != record.actorID {
            guard (try? require(.writeDirectory, by: requesterID)) != nil else { throw notFound }
        }
        if try identity.revokeToken(id, by: requester.recordedName) {
            try identity.log(
                AuthEvent(
                    kind: "token.revoked", actorID: record.actorID, credential: "token:\(id)",
                    detail: "by \(requester.recordedName)"))
        }
        return try identity.token(id: id) ?? record
    }

    // MARK: Invitations and passwords

    /// Invites an actor to set a password: a one-time code, valid for the policy's invitation lifetime, which ends
    /// any earlier unused invitation of theirs (so a re-invitation resets a forgotten password).
    ///
    /// - Parameter requireTOTP: Whether the account must sign in with a TOTP code from now on (never lowered). Staff
    ///   are invited with TOTP whatever this says while the store's `auth.staff-totp` setting is `required`.
    /// - Throws: ``CaseRefusal`` unless the requester is the operator or an administrator (`directory.write`),
    ///   ``StoreError`` `.actorNotFound`.
    public func invite(_ actorID: String, requireTOTP: Bool, by requester: IdentityRequester) throws -> IssuedInvitation
    {
        if case .actor(let id) = requester { _ = try require(.writeDirectory, by: id) }
        let actor = try directory.actor(actorID)
        try refuseSystem(actor)
        // The inviter holds the code, and redeeming it sets the password (ending any sessions and tokens): an
        // administrator could take over a colleague's account and act as them, a decider say. So an administrator
        // invites a staff member only once, before they have any account or token (a pending invitation counts);
        // everything after that is the operator's, on the server's host.
        if case .actor = requester, !(try publishedRoleKinds().kinds(of: actor.roles)).isDisjoint(with: RoleKind.staff),
            try identity.account(actorID) != nil || !identity.tokens(of: actorID).isEmpty
        {
            throw CaseRefusal(
                rule: "access.staff-reset",
                message: "\(actorID) already has an account or an invitation, and anything after a staff member's "
                    + "first invitation is for the operator, in direct mode on the server's host, so that no "
                    + "administrator can take over a colleague's account")
        }
        let byPolicy = try !requireTOTP && staffMustUseTOTP(actor)
        let requireTOTP = requireTOTP || byPolicy
        try identity.ensureAccount(actorID, totpRequired: requireTOTP)
        let code = "inv_" + Secrets.randomSecret()
        let record = try identity.insertInvitation(
            id: Secrets.randomID(), actorID: actorID, codeSHA256: Secrets.sha256(code),
            invitedBy: requester.recordedName, lifetimeSeconds: identityPolicy.invitationSeconds)
        try identity.log(
            AuthEvent(
                kind: "invitation.created", actorID: actorID, credential: "invitation:\(record.id)",
                detail: "by \(requester.recordedName)\(requireTOTP ? ", TOTP required" : "")"
                    + (byPolicy ? " (auth.staff-totp)" : "")))
        return IssuedInvitation(code: code, record: record)
    }

    /// Whether the store requires this person to sign in with TOTP: `auth.staff-totp` is `required` and one of
    /// their roles is of a staff kind (administrator, evaluator, decider, auditor) in the published workflows.
    func staffMustUseTOTP(_ actor: Actor) throws -> Bool {
        guard try settings.current().staffTOTPRequired else { return false }
        return !(try publishedRoleKinds().kinds(of: actor.roles)).isDisjoint(with: RoleKind.staff)
    }

    /// Sets a password from an invitation code, once. When the account requires TOTP, a new secret is enrolled and
    /// returned (shown once).
    ///
    /// - Throws: ``CaseServiceError`` `.passwordRejected` (checked before the code is used, so a weak password
    ///   does not spend it) or `.invitationInvalid`.
    public func redeemInvitation(code: String, password: String, remote: String? = nil) throws -> RedeemedInvitation {
        try checkPassword(password)
        let secret = Secrets.randomBytes(20)
        guard code.hasPrefix("inv_"), code.utf8.count <= 200,
            let redeemed = try identity.redeemInvitation(
                codeSHA256: Secrets.sha256(code), passwordHash: hashPassword(password), totpSecret: secret)
        else {
            throw CaseServiceError(
                code: .invitationInvalid, message: "the invitation code is unknown, used or expired; ask for a new one")
        }
        try identity.log(
            AuthEvent(
                kind: "invitation.redeemed", actorID: redeemed.actorID, remote: remote,
                detail: (redeemed.totpEnrolled ? "password set, TOTP enrolled" : "password set")
                    + (redeemed.ended > 0 ? "; \(redeemed.ended) earlier session(s) and token(s) ended" : "")))
        guard redeemed.totpEnrolled else { return RedeemedInvitation(actorID: redeemed.actorID) }
        let totp = TOTP(secret: secret)
        return RedeemedInvitation(
            actorID: redeemed.actorID, totpSecret: Secrets.base32(secret),
            totpURI: totp.provisioningURI(issuer: "Accredit", account: redeemed.actorID))
    }

    /// Refuses a password the policy does not accept.
    func checkPassword(_ password: String) throws {
        let length = password.count
        guard length >= identityPolicy.minimumPasswordLength, length <= identityPolicy.maximumPasswordLength else {
            throw CaseServiceError(
                code: .passwordRejected,
                message: "a password has \(identityPolicy.minimumPasswordLength) to "
                    + "\(identityPolicy.maximumPasswordLength) characters; this one has \(length)")
        }
    }

    /// The bcrypt hash of the password's SHA-256 (base64url), so that bytes past bcrypt's 72 count too.
    func hashPassword(_ password: String) -> String {
        Bcrypt.hash(Secrets.base64url(Secrets.sha256(password)), cost: identityPolicy.bcryptCost)
    }

    /// Whether a password matches a stored hash.
    func passwordMatches(_ password: String, hash: String) -> Bool {
        Bcrypt.verify(Secrets.base64url(Secrets.sha256(password)), hash: hash)
    }

    // MARK: Signing in

    /// Checks an actor's password (and TOTP code, when the account has one), with lockout after repeated failures.
    ///
    /// - Throws: ``CaseServiceError`` `.signInFailed` (unknown actor, no password set, wrong password, wrong or
    ///   reused code, a locked account: one answer), or `.totpRequired` when the password was right and a code is
    ///   needed, or `.totpEnrolmentRequired` when the store requires staff to use TOTP and this staff member has none
    ///   (either attempt counts towards the lock until a sign-in succeeds).
    public func signIn(actorID: String, password: String, totp: String?, remote: String? = nil) throws -> Actor {
        let failed = CaseServiceError(
            code: .signInFailed,
            message: "sign-in failed: the actor, password or code is wrong, or repeated failures have locked the "
                + "account for a while; try again later, or ask an administrator")
        guard password.count <= identityPolicy.maximumPasswordLength,
            let account = try identity.account(actorID), let hash = account.passwordHash
        else {
            // The same work as a real check, so that timing does not tell who has an account.
            _ = passwordMatches(password, hash: Self.decoyHash)
            try identity.log(
                AuthEvent(kind: "sign-in.failed", subject: actorID, credential: "password", remote: remote))
            throw failed
        }
        let now = try identity.now()
        let policy = identityPolicy
        // The attempt is counted before the password is checked, so concurrent guesses cannot outrun the lock.
        guard let attempt = try identity.takeAttempt(actorID, lockAfter: policy.lockAfterFailures) else {
            let until = try identity.lockIfExhausted(
                actorID, lockAfter: policy.lockAfterFailures, lockSeconds: policy.lockSeconds)
            // The same answer, after the same work, as a wrong password: a lock must not tell a stranger that the
            // account exists. The authentication log says it is locked, and until when.
            _ = passwordMatches(password, hash: Self.decoyHash)
            try identity.log(
                AuthEvent(
                    kind: "sign-in.locked", actorID: actorID, credential: "password", remote: remote,
                    detail: until.map { "locked until \($0.iso8601)" }))
            throw failed
        }
        func fail(_ detail: String) throws -> Never {
            let until = try identity.lockIfExhausted(
                actorID, lockAfter: policy.lockAfterFailures, lockSeconds: policy.lockSeconds)
            try identity.log(
                AuthEvent(
                    kind: "sign-in.failed", actorID: actorID, credential: "password", remote: remote,
                    detail: "\(detail); attempt \(attempt) in a row"
                        + (until.map { ", locked until \($0.iso8601)" } ?? "")))
            throw failed
        }
        guard passwordMatches(password, hash: hash) else { try fail("wrong password") }
        var step: Int64?
        if let secret = account.totpSecret {
            guard let totp, !totp.isEmpty else {
                throw CaseServiceError(
                    code: .totpRequired, message: "\(actorID) signs in with a code from an authenticator app too")
            }
            guard let matched = TOTP(secret: secret).matchingStep(totp, at: now) else { try fail("wrong code") }
            step = matched
        } else if account.totpRequired {
            try fail("TOTP required but not enrolled")
        }
        let actor = try directory.actor(actorID)
        if step == nil, try staffMustUseTOTP(actor) {
            // The password was right, so saying why is safe; the attempt still counts until a sign-in succeeds.
            try identity.log(
                AuthEvent(
                    kind: "sign-in.refused", actorID: actorID, credential: "password", remote: remote,
                    detail: "staff sign in with TOTP (auth.staff-totp required) and none is enrolled"))
            throw CaseServiceError(
                code: .totpEnrolmentRequired,
                message: "\(actorID) is staff, and this store requires staff to sign in with a code from an "
                    + "authenticator app (auth.staff-totp), but none is enrolled: ask an administrator for a new "
                    + "invitation, which enrols one when the password is set")
        }
        guard try identity.recordSuccess(actorID, totpStep: step) else {
            try fail("code already used, or locked meanwhile")
        }
        try refuseSystem(actor)
        try identity.log(AuthEvent(kind: "sign-in", actorID: actorID, credential: "password", remote: remote))
        return actor
    }

    /// A bcrypt hash of nothing anyone knows, checked when no account exists so that timing is the same.
    static let decoyHash = Bcrypt.hash(Secrets.randomSecret(), cost: IdentityPolicy().bcryptCost)

    // MARK: Sessions

    /// Starts a browser session for a signed-in actor (a new cookie value each time: sessions rotate at sign-in).
    public func startSession(for actor: Actor, remote: String? = nil) throws -> IssuedSession {
        let cookie = Secrets.randomSecret()
        let csrf = Secrets.randomSecret()
        try identity.insertSession(
            sessionSHA256: Secrets.sha256(cookie), actorID: actor.id, csrfToken: csrf,
            lifetimeSeconds: identityPolicy.sessionSeconds)
        return IssuedSession(cookie: cookie, csrfToken: csrf, actorID: actor.id)
    }

    /// The actor and CSRF token of a live session.
    ///
    /// - Throws: ``CaseServiceError`` `.unauthenticated` for an unknown, ended or expired session.
    public func session(cookie: String) throws -> (actor: Actor, csrfToken: String) {
        guard cookie.utf8.count <= 200,
            let record = try identity.liveSession(
                sessionSHA256: Secrets.sha256(cookie), idleSeconds: identityPolicy.sessionIdleSeconds)
        else {
            throw CaseServiceError(
                code: .unauthenticated, message: "the session has ended or expired; sign in again")
        }
        let actor = try directory.actor(record.actorID)
        verifiedActor = actor
        return (actor, record.csrfToken)
    }

    /// Ends a session (sign-out); ending an unknown or ended session does nothing.
    public func endSession(cookie: String, remote: String? = nil) throws {
        guard cookie.utf8.count <= 200 else { return }
        let hash = Secrets.sha256(cookie)
        guard let record = try identity.liveSession(sessionSHA256: hash, idleSeconds: identityPolicy.sessionIdleSeconds)
        else { return }
        try identity.endSession(sessionSHA256: hash)
        try identity.log(AuthEvent(kind: "sign-out", actorID: record.actorID, credential: "session", remote: remote))
    }

    /// The newest lines of the authentication log: an actor's own, or anyone's for an overseer (`store.oversee`).
    public func authenticationLog(of actorID: String?, limit: Int, as requester: IdentityRequester) throws
        -> [AuthEvent]
    {
        if case .actor(let id) = requester, actorID != id {
            _ = try require(.oversee, by: id)
        }
        return try identity.authEvents(actorID: actorID, limit: max(1, min(limit, 1000)))
    }

    /// Refuses the built-in `system` actor, whom no credential may name.
    private func refuseSystem(_ actor: Actor) throws {
        if actor.id == WorkflowExtension.systemRole || actor.roles.contains(WorkflowExtension.systemRole) {
            throw CaseRefusal(
                rule: "access.system",
                message: "nobody may sign in as \(actor.id): the system actor is the engine itself")
        }
    }
}

import AccreditEngine
import Statecharts

/// A person's sign-in record: the password hash, the TOTP enrolment and the lockout counters.
public struct AccountRecord: Hashable, Sendable {
    /// The actor the account signs in as.
    public var actorID: String
    /// The bcrypt hash of the password's SHA-256, or nil until a password is set from an invitation.
    public var passwordHash: String?
    /// The TOTP shared secret, when enrolled.
    public var totpSecret: [UInt8]?
    /// Whether sign-in must include a TOTP code.
    public var totpRequired: Bool
    /// The last TOTP time step accepted (a code is used once).
    public var totpLastStep: Int64?
    /// Consecutive failed sign-ins since the last success.
    public var failedAttempts: Int
    /// Until when sign-in is refused after too many failures.
    public var lockedUntil: Instant?

    /// Creates an account record.
    public init(
        actorID: String, passwordHash: String?, totpSecret: [UInt8]?, totpRequired: Bool, totpLastStep: Int64?,
        failedAttempts: Int, lockedUntil: Instant?
    ) {
        self.actorID = actorID
        self.passwordHash = passwordHash
        self.totpSecret = totpSecret
        self.totpRequired = totpRequired
        self.totpLastStep = totpLastStep
        self.failedAttempts = failedAttempts
        self.lockedUntil = lockedUntil
    }
}

/// A personal access token as stored: never the secret, only its hash.
public struct AccessTokenRecord: Hashable, Sendable {
    /// The token's public id (12 lowercase letters and digits), shown in listings and used to revoke it.
    public var id: String
    /// The actor the token acts as.
    public var actorID: String
    /// The name its holder gave it.
    public var name: String
    /// Who created it: the actor, or `os-user:NAME` for an operator in direct mode.
    public var createdBy: String
    /// When it was created.
    public var createdAt: Instant
    /// When it stops working.
    public var expiresAt: Instant
    /// When it was last used, to the minute.
    public var lastUsedAt: Instant?
    /// When it was revoked, if it was.
    public var revokedAt: Instant?
    /// Who revoked it.
    public var revokedBy: String?

    /// Creates a token record.
    public init(
        id: String, actorID: String, name: String, createdBy: String, createdAt: Instant, expiresAt: Instant,
        lastUsedAt: Instant?, revokedAt: Instant?, revokedBy: String?
    ) {
        self.id = id
        self.actorID = actorID
        self.name = name
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
        self.revokedBy = revokedBy
    }
}

/// An invitation to set a password, as stored: never the code, only its hash.
public struct InvitationRecord: Hashable, Sendable {
    /// The invitation's public id.
    public var id: String
    /// The actor invited.
    public var actorID: String
    /// Who invited them.
    public var invitedBy: String
    /// When it stops working.
    public var expiresAt: Instant
    /// When it was used, if it was.
    public var usedAt: Instant?

    /// Creates an invitation record.
    public init(id: String, actorID: String, invitedBy: String, expiresAt: Instant, usedAt: Instant?) {
        self.id = id
        self.actorID = actorID
        self.invitedBy = invitedBy
        self.expiresAt = expiresAt
        self.usedAt = usedAt
    }
}

/// A browser session as stored: never the cookie's value, only its hash.
public struct SessionRecord: Hashable, Sendable {
    /// The actor signed in.
    public var actorID: String
    /// The token forms must echo.
    public var csrfToken: String
    /// When it stops working.
    public var expiresAt: Instant

    /// Creates a session record.
    public init(actorID: String, csrfToken: String, expiresAt: Instant) {
        self.actorID = actorID
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }
}

/// One line of the authentication log: a sign-in, a failure, a token's use or revocation, an invitation.
public struct AuthEvent: Hashable, Sendable {
    /// Its position in the log.
    public var seq: Int64
    /// When it happened (the database server's clock).
    public var at: Instant
    /// What happened, such as `sign-in`, `sign-in.failed`, `token.created`, `token.used`, `token.revoked`.
    public var kind: String
    /// The actor it is about, when known.
    public var actorID: String?
    /// The name a failed sign-in gave, which may name nobody.
    public var subject: String?
    /// The credential involved: a token id, `password`, `session`, an invitation id.
    public var credential: String?
    /// Where the request came from.
    public var remote: String?
    /// Anything more, in a sentence.
    public var detail: String?

    /// Creates a log line to append (its seq and time are the store's).
    public init(
        kind: String, actorID: String? = nil, subject: String? = nil, credential: String? = nil,
        remote: String? = nil, detail: String? = nil, seq: Int64 = 0, at: Instant = Instant(microsecondsSinceEpoch: 0)
    ) {
        self.seq = seq
        self.at = at
        self.kind = kind
        self.actorID = actorID
        self.subject = subject
        self.credential = credential
        self.remote = remote
        self.detail = detail
    }
}

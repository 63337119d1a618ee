/// The rules for passwords, lockout and the lifetimes of credentials (OWASP ASVS 4.0 level 2, chapters 2 and 3).
public struct IdentityPolicy: Hashable, Sendable {
    /// Consecutive failed sign-ins that lock an account.
    public var lockAfterFailures = 5
    /// How long a lock lasts, in seconds.
    public var lockSeconds = 15 * 60
    /// The shortest password accepted (ASVS 2.1.1: at least 12 characters).
    public var minimumPasswordLength = 12
    /// The longest password accepted (ASVS 2.1.2 allows at least 64; longer is refused to bound the work).
    public var maximumPasswordLength = 1024
    /// The bcrypt cost (work factor 2^cost); tests lower it to keep sign-ins fast.
    public var bcryptCost: UInt8 = 12
    /// A token's lifetime when none is asked for, in days.
    public var defaultTokenDays = 90
    /// The longest token lifetime, in days.
    public var maximumTokenDays = 366
    /// A browser session's lifetime, in seconds, however busy (ASVS 3.3.1: an absolute limit).
    public var sessionSeconds: Int64 = 8 * 3600
    /// How long a browser session lasts unused, in seconds (ASVS 3.3.2: an idle limit); each use extends it.
    public var sessionIdleSeconds: Int64 = 30 * 60
    /// An invitation's lifetime, in seconds.
    public var invitationSeconds: Int64 = 7 * 86400

    /// The default rules.
    public init() {}
}

/// How a desk knows who is acting.
public enum ActorAuthentication: Hashable, Sendable {
    /// Direct mode: the caller names the actor, and an actor bound to a database login must use that login.
    case databaseSession
    /// Server mode: the server verified a credential (a token or a session) that names the actor.
    case verifiedCredential
}

/// Who asks for an identity operation.
public enum IdentityRequester: Hashable, Sendable {
    /// The operator in direct mode (`os-user:NAME`), who holds the database and is trusted with it.
    case `operator`(String)
    /// A signed-in actor, checked by capability.
    case actor(String)

    /// How the requester is recorded.
    public var recordedName: String {
        switch self {
        case .operator(let name): name
        case .actor(let id): id
        }
    }
}

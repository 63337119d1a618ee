import EvidenceStore

/// A token just created: the only time its secret is seen.
public struct IssuedToken: Hashable, Sendable {
    /// The token to present as `Authorization: Bearer …`.
    public var secret: String
    /// Its record.
    public var record: AccessTokenRecord
}

/// An invitation just created: the only time its code is seen.
public struct IssuedInvitation: Hashable, Sendable {
    /// The one-time code to set a password with.
    public var code: String
    /// Its record.
    public var record: InvitationRecord
}

/// What setting a password from an invitation gives: the actor, and the TOTP enrolment when the account needs one.
public struct RedeemedInvitation: Hashable, Sendable {
    /// The actor whose password was set.
    public var actorID: String
    /// The TOTP secret as base32, when the account requires TOTP: shown once, for the authenticator app.
    public var totpSecret: String?
    /// The `otpauth://` URI of the same secret.
    public var totpURI: String?
}

/// A browser session just started: the only time its cookie value is seen.
public struct IssuedSession: Hashable, Sendable {
    /// The cookie's value.
    public var cookie: String
    /// The token forms must echo.
    public var csrfToken: String
    /// The actor signed in.
    public var actorID: String
}

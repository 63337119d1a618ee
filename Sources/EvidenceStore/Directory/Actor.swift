/// An actor as registered: who they are, their roles, and the organisation and database login they are bound to.
public struct Actor: Hashable, Sendable {
    /// The actor id, such as `sam`.
    public var id: String
    /// The display name.
    public var name: String
    /// The roles held.
    public var roles: Set<String>
    /// The organisation an applicant acts for.
    public var organisation: String?
    /// The database login this actor may be used from, if bound.
    public var databaseLogin: String?
    /// The e-mail address reminders go to, if one is recorded (the newest recorded counts).
    public var email: String?

    /// Creates an actor.
    public init(
        id: String, name: String, roles: Set<String>, organisation: String?, databaseLogin: String?,
        email: String? = nil
    ) {
        self.id = id
        self.name = name
        self.roles = roles
        self.organisation = organisation
        self.databaseLogin = databaseLogin
        self.email = email
    }
}

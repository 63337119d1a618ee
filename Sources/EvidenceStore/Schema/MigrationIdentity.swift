/// A migration named in an error: its number and name, as recorded in the database.
public struct MigrationIdentity: Hashable, Sendable {
    /// The migration number.
    public var version: Int
    /// The descriptive part of its file name.
    public var name: String

    /// Creates an identity.
    public init(version: Int, name: String) {
        self.version = version
        self.name = name
    }
}

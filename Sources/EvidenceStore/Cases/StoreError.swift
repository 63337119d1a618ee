/// The one error of the EvidenceStore module: a ``Code`` callers switch on, the context it concerns, and a message
/// that says what happened in the store's own terms.
///
/// Like postgres-nio's `PSQLError`, the code is an extensible struct rather than an enum (new codes are not a
/// breaking change, so switch with a `default`), each code has a stable machine ``Code/name`` such as
/// `case.not-found`, and the ``description`` never contains secrets (passwords, evidence contents). Front ends choose
/// their own words from the code and context: the command-line tool adds the command to run, a server picks an HTTP
/// status.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public var code: Code
    /// One sentence saying what happened, without front-end commands.
    public var message: String
    /// The case involved, if any.
    public var caseID: String?
    /// For conflicts: the version the case is actually at.
    public var actualVersion: Int64?
    /// The actor involved, if any (for `actor.not-found`).
    public var actorID: String?
    /// The evidence involved, if any (for `evidence.not-found`).
    public var evidenceID: String?
    /// The kind of definition involved, if any (for `definition.not-published`).
    public var definitionKind: DefinitionKind?
    /// The migration involved, if any (for `schema.migration-unknown` and `schema.migration-edited`).
    public var migration: MigrationIdentity?
    /// The underlying database error, if any.
    public var underlying: PostgresError?

    /// Creates an error.
    public init(
        code: Code, message: String, caseID: String? = nil, actualVersion: Int64? = nil, actorID: String? = nil,
        evidenceID: String? = nil, definitionKind: DefinitionKind? = nil, migration: MigrationIdentity? = nil,
        underlying: PostgresError? = nil
    ) {
        self.code = code
        self.message = message
        self.caseID = caseID
        self.actualVersion = actualVersion
        self.actorID = actorID
        self.evidenceID = evidenceID
        self.definitionKind = definitionKind
        self.migration = migration
        self.underlying = underlying
    }

    /// The message.
    public var description: String { message }
}

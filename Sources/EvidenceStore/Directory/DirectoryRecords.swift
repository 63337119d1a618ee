import AccreditEngine
import Statecharts

/// The directory in PostgreSQL: organisations, actors (with their roles and database logins) and
/// conflict-of-interest declarations.
public struct DirectoryRecords {
    /// The connection the directory works through.
    let connection: PostgresConnection

    /// Creates a directory over a migrated database.
    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Registers an organisation.
    ///
    /// - Throws: ``StoreError`` `.odsCodeTaken` naming the organisation that holds the ODS code, `.invalid` for a
    ///   taken id or a malformed id or ODS code.
    public func register(_ organisation: Organisation) throws(StoreError) {
        do {
            try write("organisation \(organisation.id)") {
                try connection.execute(
                    "INSERT INTO organisations (organisation_id, name, ods_code) VALUES ($1, $2, $3)",
                    [
                        .text(organisation.id), .text(organisation.name),
                        organisation.odsCode.map(PostgresValue.text) ?? .null,
                    ])
            }
        } catch let error where error.underlying?.constraint == Self.odsCodeConstraint {
            guard let code = organisation.odsCode, let holder = try self.holder(ofODSCode: code) else { throw error }
            throw StoreError(
                code: .odsCodeTaken,
                message: "ODS code \(code) is already taken by organisation \(holder.id) (\(holder.name)); "
                    + "\(organisation.id) was not registered",
                underlying: error.underlying)
        }
    }

    /// The unique constraint PostgreSQL names for `organisations.ods_code`.
    static let odsCodeConstraint = "organisations_ods_code_key"

    /// The organisation registered with an ODS code, if any.
    public func holder(ofODSCode code: String) throws(StoreError) -> Organisation? {
        try read {
            try connection.query(
                "SELECT organisation_id, name, ods_code FROM organisations WHERE ods_code = $1", [.text(code)]
            )
            .first.map { row in
                Organisation(
                    id: try row["organisation_id"].string(), name: try row["name"].string(),
                    odsCode: try row["ods_code"].optionalString())
            }
        }
    }

    /// Every organisation, by id.
    public func organisations() throws(StoreError) -> [Organisation] {
        try read {
            try connection.query("SELECT organisation_id, name, ods_code FROM organisations ORDER BY organisation_id")
                .map { row in
                    Organisation(
                        id: try row["organisation_id"].string(), name: try row["name"].string(),
                        odsCode: try row["ods_code"].optionalString())
                }
        }
    }

    /// Adds an actor.
    ///
    /// - Throws: ``StoreError`` `.invalid` for a taken id, `.notFound` for an unknown organisation.
    /// An actor's e-mail address, if given, is recorded with them (by `recordedBy`, by default the actor).
    public func add(_ actor: Actor, recordedBy: String? = nil) throws(StoreError) {
        try write("actor \(actor.id)") {
            try connection.transaction { connection in
                try connection.execute(
                    """
                    INSERT INTO actors (actor_id, display_name, roles, organisation_id, db_login)
                    VALUES ($1, $2, string_to_array($3, ' '), $4, $5)
                    """,
                    [
                        .text(actor.id), .text(actor.name), .text(actor.roles.sorted().joined(separator: " ")),
                        actor.organisation.map(PostgresValue.text) ?? .null,
                        actor.databaseLogin.map(PostgresValue.text) ?? .null,
                    ])
                if let email = actor.email {
                    try connection.execute(
                        "INSERT INTO actor_emails (actor_id, email, recorded_by) VALUES ($1, $2, $3)",
                        [.text(actor.id), .text(email), .text(recordedBy ?? actor.id)])
                }
            }
        }
    }

    /// Records an actor's e-mail address (nil removes it); the newest recorded counts, and every change is kept.
    ///
    /// - Throws: ``StoreError`` `.invalid` for a malformed address, `.notFound` for an unknown actor.
    public func recordEmail(_ email: String?, of actorID: String, by recordedBy: String) throws(StoreError) {
        try write("the e-mail address of \(actorID)") {
            try connection.execute(
                "INSERT INTO actor_emails (actor_id, email, recorded_by) VALUES ($1, $2, $3)",
                [.text(actorID), email.map(PostgresValue.text) ?? .null, .text(recordedBy)])
        }
    }

    /// Every actor (the built-in `system` actor included), by id.
    public func actors() throws(StoreError) -> [Actor] {
        try read {
            try connection.query(
                """
                \(Self.actorColumns) ORDER BY actor_id
                """
            ).map(Self.actor)
        }
    }

    /// The actor with this id, or nil when none is registered.
    public func registeredActor(_ id: String) throws(StoreError) -> Actor? {
        try read {
            try connection.query(
                """
                \(Self.actorColumns) WHERE actor_id = $1
                """, [.text(id)]
            ).first.map(Self.actor)
        }
    }

    /// One actor.
    ///
    /// - Throws: ``StoreError`` `.actorNotFound` naming the actor.
    public func actor(_ id: String) throws(StoreError) -> Actor {
        let rows = try read {
            try connection.query(
                """
                \(Self.actorColumns) WHERE actor_id = $1
                """, [.text(id)]
            ).map(Self.actor)
        }
        guard let actor = rows.first else {
            throw StoreError(code: .actorNotFound, message: "actor \(id) is not registered", actorID: id)
        }
        return actor
    }

    /// Records a conflict-of-interest declaration.
    ///
    /// - Throws: ``StoreError`` `.notFound` for an unknown actor or organisation.
    public func declare(_ conflict: ConflictDeclaration) throws(StoreError) {
        try write("conflict of \(conflict.actor) with \(conflict.organisation)") {
            try connection.execute(
                """
                INSERT INTO conflict_declarations (actor_id, organisation_id, valid_from, valid_to, reason)
                VALUES ($1, $2, $3::timestamptz::date, $4::timestamptz::date, $5)
                """,
                [
                    .text(conflict.actor), .text(conflict.organisation), .timestamp(conflict.from),
                    conflict.until.map(PostgresValue.timestamp) ?? .null, .text(conflict.reason),
                ])
        }
    }

    /// Every declaration, or those of one organisation.
    public func conflicts(organisation: String? = nil) throws(StoreError) -> [ConflictDeclaration] {
        try read {
            try connection.query(
                """
                SELECT actor_id, organisation_id, valid_from::timestamptz AS valid_from,
                       valid_to::timestamptz AS valid_to, reason, declared_at, declared_in
                FROM conflict_declarations WHERE $1::text IS NULL OR organisation_id = $1
                ORDER BY organisation_id, actor_id, valid_from
                """, [organisation.map(PostgresValue.text) ?? .null]
            ).map { row in
                ConflictDeclaration(
                    actor: try row["actor_id"].string(), organisation: try row["organisation_id"].string(),
                    from: try row["valid_from"].instant(), until: try row["valid_to"].optionalInstant(),
                    reason: try row["reason"].string(), declaredAt: try row["declared_at"].instant(),
                    declaredIn: try row["declared_in"].optionalString())
            }
        }
    }

    /// The login of the current database session.
    public func sessionLogin() throws(StoreError) -> String {
        try read { try connection.query("SELECT session_user AS login").first?["login"].string() ?? "" }
    }

    /// The select list and table that ``actor(_:)`` reads, each actor's newest e-mail address included.
    static let actorColumns = """
        SELECT actor_id, display_name, array_to_string(roles, ' ') AS roles, organisation_id, db_login,
               (SELECT e.email FROM actor_emails e WHERE e.actor_id = actors.actor_id
                ORDER BY e.entry_id DESC LIMIT 1) AS email
        FROM actors
        """

    /// An actor from a row with the columns ``actorColumns`` selects.
    static func actor(_ row: PostgresRow) throws -> Actor {
        Actor(
            id: try row["actor_id"].string(), name: try row["display_name"].string(),
            roles: Set(try row["roles"].string().split(separator: " ").map(String.init)),
            organisation: try row["organisation_id"].optionalString(),
            databaseLogin: try row["db_login"].optionalString(), email: try row["email"].optionalString())
    }

    private func read<T>(_ body: () throws -> T) throws(StoreError) -> T {
        try storeOperation(caseID: nil, body)
    }

    private func write(_ what: String, _ body: () throws -> Void) throws(StoreError) {
        do {
            try body()
        } catch let error as PostgresError where error.hasSQLState(PostgresError.SQLState.uniqueViolation) {
            throw StoreError(code: .invalid, message: "\(what) already exists", underlying: error)
        } catch let error as PostgresError where error.hasSQLState(PostgresError.SQLState.checkViolation) {
            throw StoreError(
                code: .invalid,
                message:
                    "\(what): a value is malformed (ids: letters, digits, '.', '_', '-', up to 64; ODS codes: 3–10 "
                    + "capital letters or digits)", underlying: error)
        } catch let error as PostgresError {
            throw StoreError.from(error, caseID: nil)
        } catch {
            throw StoreError(code: .environment, message: "\(error)")
        }
    }
}

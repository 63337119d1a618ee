/// The two database roles of least privilege (migration `0010_least_privilege.sql`): the owner of the schema, which
/// migrations run as, and the application role a server connects as, which may read, append and update projections
/// but owns nothing and cannot change history.
///
/// Roles belong to the whole PostgreSQL cluster, so every Accredit database on one cluster shares them.
public enum StoreRoles {
    /// The role that owns every table, sequence and function (NOLOGIN; logins that migrate are its members).
    public static let owner = "accredit_owner"
    /// The role the server connects as (LOGIN; not a superuser; owns nothing).
    public static let application = "accredit_app"
    /// The migration that creates the roles and hands the schema to the owner; later migrations run as the owner.
    public static let establishedBy = 10
    /// SQLSTATE raised by the migration when the roles are missing or too powerful.
    static let refusedState = "AC428"

    /// Checks that the connected login may migrate as the owner: it is a member of ``owner``.
    ///
    /// - Throws: ``StoreError`` `.databaseRoles` naming the login and the statement that makes it a member.
    static func checkMigratingLogin(_ connection: PostgresConnection) throws {
        let row = try connection.query(
            """
            SELECT session_user AS login,
                   EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AND pg_has_role(session_user, $1, 'MEMBER')
                   AS member
            """, [.text(owner)]
        ).first
        guard let row, try !row["member"].bool() else { return }
        let login = try row["login"].string()
        throw StoreError(
            code: .databaseRoles,
            message: "the login \(login) is not a member of \(owner), and migrations run as the owner; as a database "
                + "administrator run: GRANT \(owner) TO \(login)")
    }

    /// What the connected login could do beyond least privilege: be a superuser, own a table of the schema, or
    /// update, delete or truncate the event log. Empty for the application role as migration 0010 sets it up.
    ///
    /// A server calls this before serving (``requireLeastPrivilege(_:)``), so that a connection string naming the
    /// owner or a superuser by mistake is refused rather than used.
    ///
    /// - Returns: One phrase per excess privilege, such as `a superuser`.
    /// - Throws: ``PostgresError`` when the catalogue cannot be read.
    public static func excessPrivileges(_ connection: PostgresConnection) throws -> [String] {
        let rows = try connection.query(
            """
            SELECT r.rolsuper, r.rolbypassrls,
                   (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND pg_has_role(current_user, c.relowner, 'USAGE')) AS owned,
                   has_table_privilege('case_events', 'UPDATE') AS can_update,
                   has_table_privilege('case_events', 'DELETE') AS can_delete,
                   has_table_privilege('case_events', 'TRUNCATE') AS can_truncate
            FROM pg_roles r WHERE r.rolname = current_user
            """)
        guard let row = rows.first else { return ["an unknown role"] }
        var excess: [String] = []
        if try row["rolsuper"].bool() { excess.append("a superuser") }
        if try row["rolbypassrls"].bool() { excess.append("allowed to bypass row security") }
        let owned = try row["owned"].int()
        if owned > 0 { excess.append("the owner (or a member of the owner) of \(owned) object(s) of the schema") }
        for privilege in ["update", "delete", "truncate"] where try row["can_\(privilege)"].bool() {
            excess.append("allowed to \(privilege) case_events")
        }
        return excess
    }

    /// Refuses a connection whose login could rewrite history (see ``excessPrivileges(_:)``).
    ///
    /// - Throws: ``StoreError`` `.roleTooPowerful` listing what the login may do, or `.environment` when the
    ///   catalogue cannot be read.
    public static func requireLeastPrivilege(_ connection: PostgresConnection) throws(StoreError) {
        let excess = try storeOperation(caseID: nil) { try excessPrivileges(connection) }
        guard !excess.isEmpty else { return }
        throw StoreError(
            code: .roleTooPowerful,
            message: "the database login \(connection.target) is \(excess.joined(separator: ", ")): a server must "
                + "connect as \(application), which can append history but not rewrite it")
    }
}

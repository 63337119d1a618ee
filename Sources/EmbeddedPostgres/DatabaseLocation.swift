import EvidenceStore
import Foundation

/// Where Accredit's database is, following libpq conventions, with the embedded cluster as the default.
public enum DatabaseLocation: Hashable, Sendable {
    /// `ACCREDIT_DATABASE_URL`: a URL or keyword/value string.
    case url(String)
    /// The standard `PG*` variables or a service file, read by libpq itself.
    case libpqEnvironment
    /// The private cluster under the accredit home directory.
    case embedded(home: String)

    /// The `PG*` variables whose presence means "use libpq's environment".
    static let libpqVariables = [
        "PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE", "PGSERVICEFILE",
    ]

    /// Chooses the location from the environment: `ACCREDIT_DATABASE_URL`, then any `PG*` variable, then embedded.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Self {
        if let url = environment["ACCREDIT_DATABASE_URL"], !url.isEmpty { return .url(url) }
        if libpqVariables.contains(where: { environment[$0]?.isEmpty == false }) { return .libpqEnvironment }
        return .embedded(home: LocalCluster.defaultHome(environment: environment))
    }

    /// A description for people, without any password.
    public var description: String {
        switch self {
        case .url(let url): "ACCREDIT_DATABASE_URL (\(ConnectionString.describe(url)))"
        case .libpqEnvironment: "libpq environment (\(ConnectionString.describe("")))"
        case .embedded(let home): "embedded cluster in \(home)/postgres"
        }
    }

    /// Connects, starting the embedded cluster first when that is the location.
    ///
    /// - Throws: ``PostgresError`` or ``LocalCluster/Failure``.
    public func connect() throws -> PostgresConnection {
        switch self {
        case .url(let url): try PostgresConnection(conninfo: url)
        case .libpqEnvironment: try PostgresConnection(conninfo: "")
        case .embedded(let home): try PostgresConnection(conninfo: try LocalCluster(home: home).start())
        }
    }

    /// The connection string a server uses: the application role (``StoreRoles/application``), which can read,
    /// append and update projections but not rewrite history.
    ///
    /// - A configured server (`ACCREDIT_DATABASE_URL` or `PG*`) is used as given: there the operator names the
    ///   application role's login for the server, and the owner's for `db migrate` (docs/operations.md).
    /// - On the embedded cluster, the application role with its generated password
    ///   (``LocalCluster/applicationConninfo()``); migrate first, through ``connect()``, which is the superuser.
    ///
    /// Check the login with ``StoreRoles/requireLeastPrivilege(_:)`` before serving.
    ///
    /// - Throws: ``LocalCluster/Failure`` when the embedded cluster will not start or has no application role yet.
    public func applicationConninfo() throws -> String {
        switch self {
        case .url(let url): url
        case .libpqEnvironment: ""
        case .embedded(let home): try LocalCluster(home: home).applicationConninfo()
        }
    }

    /// Connects as the application role (see ``applicationConninfo()``).
    ///
    /// - Throws: ``PostgresError`` or ``LocalCluster/Failure``.
    public func applicationConnect() throws -> PostgresConnection {
        try PostgresConnection(conninfo: try applicationConninfo())
    }
}

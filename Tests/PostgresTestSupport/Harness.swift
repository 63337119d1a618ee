import EvidenceStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Gives each database test its own fresh database on the server named by `ACCREDIT_TEST_DATABASE_URL`.
///
/// `scripts/test` starts a throwaway cluster and sets the variable; set it yourself to use another server.
public enum TestDatabase {
    /// The environment variable naming the test server.
    public static let variable = "ACCREDIT_TEST_DATABASE_URL"

    /// Why a test database could not be provided.
    public struct Unavailable: Error, CustomStringConvertible {
        /// What went wrong and what to do.
        public let description: String
    }

    /// The admin connection string, or a clear error saying how to get one.
    public static func serverURL() throws -> String {
        guard let value = getenv(variable), !String(cString: value).isEmpty else {
            throw Unavailable(
                description: "\(variable) is not set: run scripts/test (it starts a throwaway PostgreSQL), "
                    + "or set \(variable) to a server where the tests may create and drop databases")
        }
        return String(cString: value)
    }

    /// Creates a fresh, uniquely named database, runs `body` with its connection string, then drops the database.
    ///
    /// - Parameter body: The test; it receives a libpq connection string for its own database.
    /// - Returns: What `body` returns.
    /// - Throws: ``Unavailable`` when no server is configured, or whatever `body` or the server throws.
    public static func withDatabase<T>(_ body: (String) async throws -> T) async throws -> T {
        let server = try serverURL()
        let name = "accredit_test_\(getpid())_\(UInt64.random(in: 0...UInt64.max) & 0xffff_ffff_ffff)"
        let admin = try PostgresConnection(conninfo: server)
        try admin.execute("CREATE DATABASE \(try admin.quoteIdentifier(name))")
        let conninfo = try ConnectionString.replacing(server, with: ["dbname": name])
        do {
            let value = try await body(conninfo)
            try admin.execute("DROP DATABASE IF EXISTS \(try admin.quoteIdentifier(name)) WITH (FORCE)")
            return value
        } catch {
            _ = try? admin.execute("DROP DATABASE IF EXISTS \(try admin.quoteIdentifier(name)) WITH (FORCE)")
            throw error
        }
    }

    /// Like ``withDatabase(_:)``, handing `body` an open connection to the fresh database.
    public static func withConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await withDatabase { conninfo in
            let connection = try PostgresConnection(conninfo: conninfo)
            return try await body(connection)
        }
    }
}

extension TestDatabase {
    /// Like ``withConnection(_:)``, with every shipped migration applied first.
    public static func withMigratedConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await withDatabase { conninfo in
            let connection = try PostgresConnection(conninfo: conninfo)
            try Migrator(connection: connection).migrate()
            return try await body(connection)
        }
    }
}

extension TestDatabase {
    /// Like ``withMigratedConnection(_:)``, also handing `body` the connection string of the same database as the
    /// application role (``StoreRoles/application``), which the migration creates; the test server trusts local
    /// logins, so the string carries no password.
    ///
    /// - Parameter body: Receives the owner's (superuser's) connection and the application role's string.
    public static func withApplicationRole<T>(
        _ body: (_ owner: PostgresConnection, _ application: String) async throws -> T
    ) async throws -> T {
        try await withDatabase { conninfo in
            let owner = try PostgresConnection(conninfo: conninfo)
            try Migrator(connection: owner).migrate()
            let application = try ConnectionString.replacing(conninfo, with: ["user": StoreRoles.application])
            return try await body(owner, application)
        }
    }
}

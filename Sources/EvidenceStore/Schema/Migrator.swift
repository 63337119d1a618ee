import AccreditEngine
import Statecharts

/// Applies the shipped migrations to a database and reports their state.
public struct Migrator {
    /// The state of one migration in a database.
    public enum State: String, Sendable {
        /// Applied, and the shipped file still matches what was applied (or what was applied is an accepted earlier
        /// text of it, see ``MigrationCatalog/amendments``).
        case applied
        /// Not applied yet.
        case pending
        /// Applied, but the shipped file has changed since: refused until the file is restored.
        case edited
        /// Applied by a newer Accredit that this build does not know.
        case unknown
    }

    /// One row of ``status()``.
    public struct Row: Hashable, Sendable {
        /// The migration number.
        public var version: Int
        /// The migration's name.
        public var name: String
        /// Its state in this database.
        public var state: State
        /// When it was applied, if it was.
        public var appliedAt: Instant?
    }

    private let connection: PostgresConnection
    private let migrations: [Migration]
    /// An arbitrary, fixed advisory-lock key that serialises concurrent migrators.
    static let lockKey: Int64 = 0x4143_4352_4544_4954

    /// Creates a migrator for a connection and a list of migrations (the shipped ones by default).
    public init(connection: PostgresConnection, migrations: [Migration] = MigrationCatalog.all) {
        self.connection = connection
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// Every known or applied migration with its state, ordered by version.
    ///
    /// - Throws: ``PostgresError`` when the database cannot be read.
    public func status() throws -> [Row] {
        try ensureLedger()
        let applied = try appliedMigrations()
        var rows = migrations.map { migration in
            guard let record = applied[migration.version] else {
                return Row(version: migration.version, name: migration.name, state: .pending, appliedAt: nil)
            }
            let state: State = migration.accepts(recordedChecksum: record.checksum) ? .applied : .edited
            return Row(version: migration.version, name: migration.name, state: state, appliedAt: record.appliedAt)
        }
        let known = Set(migrations.map(\.version))
        for (version, record) in applied where !known.contains(version) {
            rows.append(Row(version: version, name: record.name, state: .unknown, appliedAt: record.appliedAt))
        }
        return rows.sorted { $0.version < $1.version }
    }

    /// Applies every pending migration in order, each in its own transaction, and returns those applied.
    ///
    /// - Throws: ``StoreError`` `.migrationEdited` when an applied migration's file was edited, `.migrationUnknown`
    ///   when the database is newer than this build, `.databaseRoles` when the roles of least privilege are missing
    ///   or wrong, or the login may not migrate as ``StoreRoles/owner``; ``PostgresError`` when a script fails (that
    ///   migration is rolled back; earlier ones stay applied).
    @discardableResult
    public func migrate() throws -> [Migration] {
        try connection.query("SELECT pg_advisory_lock($1)", [.int(Self.lockKey)])
        defer { _ = try? connection.query("SELECT pg_advisory_unlock($1)", [.int(Self.lockKey)]) }
        let rows: [Row]
        do {
            rows = try status()
        } catch let error as PostgresError where error.hasSQLState("42501") {
            // The ledger is the owner's: a login that may not read it is told how to become one of the owners.
            try StoreRoles.checkMigratingLogin(connection)
            throw error
        }
        if let edited = rows.first(where: { $0.state == .edited }),
            let migration = migrations.first(where: { $0.version == edited.version })
        {
            throw StoreError(
                code: .migrationEdited,
                message: "migration \(migration.fileName) was edited after it was applied; "
                    + "restore the original file and add a new migration for the change",
                migration: MigrationIdentity(version: migration.version, name: migration.name))
        }
        if let unknown = rows.first(where: { $0.state == .unknown }) {
            throw StoreError(
                code: .migrationUnknown,
                message:
                    "the database has migration \(unknown.version) (\(unknown.name)), which this build of Accredit "
                    + "does not know; upgrade Accredit before using this database",
                migration: MigrationIdentity(version: unknown.version, name: unknown.name))
        }
        let pending = Set(rows.filter { $0.state == .pending }.map(\.version))
        var asOwner = rows.contains { $0.version == StoreRoles.establishedBy && $0.state == .applied }
        var applied: [Migration] = []
        if asOwner && !pending.isEmpty { try StoreRoles.checkMigratingLogin(connection) }
        for migration in migrations where pending.contains(migration.version) {
            try connection.transaction { db in
                // Once the roles exist, every migration runs as the owner, so what it creates is the owner's and
                // the owner's default privileges give the application role its grants.
                if asOwner { try db.execute("SET LOCAL ROLE \(try db.quoteIdentifier(StoreRoles.owner))") }
                do {
                    try db.executeMigrationScript(migration.sql)
                } catch let error as PostgresError where error.sqlState == StoreRoles.refusedState {
                    throw StoreError(
                        code: .databaseRoles, message: error.message + (error.hint.map { "; \($0)" } ?? ""),
                        migration: MigrationIdentity(version: migration.version, name: migration.name),
                        underlying: error)
                }
                try db.execute(
                    "INSERT INTO accredit_schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                    [.int(Int64(migration.version)), .text(migration.name), .text(migration.checksum)])
            }
            applied.append(migration)
            asOwner = asOwner || migration.version == StoreRoles.establishedBy
        }
        return applied
    }

    /// Creates the ledger table if needed, under the migration lock (concurrent `CREATE TABLE IF NOT EXISTS` races).
    /// An existing ledger is only read: the application role may check the schema but not create anything.
    private func ensureLedger() throws {
        let existing = try connection.query("SELECT to_regclass('accredit_schema_migrations') IS NOT NULL AS found")
        if try existing.first?["found"].bool() == true { return }
        try connection.query("SELECT pg_advisory_lock($1)", [.int(Self.lockKey)])
        defer { _ = try? connection.query("SELECT pg_advisory_unlock($1)", [.int(Self.lockKey)]) }
        try connection.executeMigrationScript(
            """
            CREATE TABLE IF NOT EXISTS accredit_schema_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
    }

    private func appliedMigrations() throws -> [Int: (name: String, checksum: String, appliedAt: Instant)] {
        var applied: [Int: (name: String, checksum: String, appliedAt: Instant)] = [:]
        for row in try connection.query("SELECT version, name, checksum, applied_at FROM accredit_schema_migrations") {
            applied[Int(try row["version"].int())] = (
                try row["name"].string(), try row["checksum"].string(), try row["applied_at"].instant()
            )
        }
        return applied
    }
}

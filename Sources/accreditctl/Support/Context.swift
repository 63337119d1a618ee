import AccreditEngine
import EmbeddedPostgres
import EvidenceStore
import Foundation
import Statecharts

/// What a command works with: the database connection and the evidence file store, found from the environment.
struct Context {
    /// Where the database is.
    let location: DatabaseLocation
    /// An open connection with the schema up to date.
    let connection: PostgresConnection
    /// The evidence file store.
    let blobs: BlobStore

    /// The accredit home directory (keys, the embedded cluster, evidence files by default).
    static var home: String { LocalCluster.defaultHome() }

    /// Opens the database (starting the embedded cluster when that is the default) and the blob store.
    ///
    /// On the embedded default, pending migrations are applied; on a configured server they must be applied with
    /// `accreditctl db migrate`, so that upgrading a shared database is a deliberate step.
    /// - Parameter migrating: false when the schema was already checked in this process (the server's pooled
    ///   connections), so that only the first connection migrates or checks.
    /// - Parameter serving: true for the server itself, which opens the database whatever this shell is signed in
    ///   to; every other command that would open it is refused in client mode.
    /// - Throws: ``CommandFailure`` (exit 2) in client mode: an operator's command (which has no route through the
    ///   server) must not quietly use a database (or start an embedded one) with `--as`.
    static func open(
        environment: [String: String] = ProcessInfo.processInfo.environment, migrating: Bool = true,
        serving: Bool = false
    ) throws -> Context {
        if !serving, let client = try ClientMode.current(environment: environment) {
            throw CommandFailure(
                .invalid,
                "this command is the operator's and works on the database directly, not through the server (this "
                    + "shell is signed in to \(client.server.absoluteString)); run it where the database is, in direct "
                    + "mode: sign out with accreditctl logout, or unset ACCREDIT_SERVER")
        }
        let location = DatabaseLocation.fromEnvironment(environment)
        let connection = try location.connect()
        let migrator = Migrator(connection: connection)
        if !migrating {
            // Checked when the process started.
        } else if case .embedded = location {
            try migrator.migrate()
        } else if let pending = try migrator.status().first(where: { $0.state != .applied }) {
            throw CommandFailure(
                .environment,
                "the database schema is not current (migration \(pending.version) \(pending.name) is \(pending.state.rawValue)); "
                    + "run: accreditctl db migrate")
        }
        // The upload limit is the store's setting (upload.max-bytes), applied by the desk on each upload.
        return Context(location: location, connection: connection, blobs: try BlobStore(root: blobRoot(environment)))
    }

    /// Where evidence files are stored: `ACCREDIT_BLOB_ROOT`, or `HOME/evidence`.
    static func blobRoot(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["ACCREDIT_BLOB_ROOT"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/evidence"
    }

    /// Who set something up when no actor is named (`init`, `key create`): `os-user:NAME`.
    static var osUser: String { "os-user:" + ProcessInfo.processInfo.userName }
}

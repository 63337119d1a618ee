import EvidenceStore
import Foundation

/// The embedded default: a private PostgreSQL cluster under the accredit home directory, created and started on
/// demand, listening only on a unix socket inside that directory. As root it runs as the `postgres` user, because
/// PostgreSQL refuses to run as root. No local user is trusted (see `LocalCluster+Authentication.swift`): the
/// operator's account reaches the superuser by peer authentication, a server connects as the application role with
/// a password (``applicationConninfo()``).
public struct LocalCluster: Sendable {
    /// The state of the cluster.
    public enum Status: Hashable, Sendable {
        /// `initdb` has not been run yet.
        case absent
        /// Initialised but not running.
        case stopped
        /// Running; the connection string is given.
        case running(conninfo: String)
    }

    /// Why the cluster could not be managed.
    public struct Failure: Error, CustomStringConvertible {
        /// What failed and what to do.
        public let description: String
    }

    /// The accredit home directory.
    public let home: String
    /// The port number that names the socket file (no TCP port is opened).
    public let port = 5432
    /// The database Accredit uses inside the cluster.
    public let database = "accredit"

    /// Where the cluster archives its WAL for point-in-time recovery, if anywhere: `ACCREDIT_WAL_ARCHIVE`.
    public let walArchive: String?

    /// Creates a handle on the cluster under `home`; nothing is touched until ``start()``.
    ///
    /// - Parameter walArchive: A directory to archive WAL segments into (created on start); by default
    ///   `ACCREDIT_WAL_ARCHIVE`. Archiving is set when the cluster starts: stop a running cluster (`db stop`) for a
    ///   change to take effect.
    public init(home: String, walArchive: String? = Self.walArchiveFromEnvironment()) {
        self.home = home
        self.walArchive = walArchive
    }

    /// `ACCREDIT_WAL_ARCHIVE`, when set and not empty.
    public static func walArchiveFromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String? {
        environment["ACCREDIT_WAL_ARCHIVE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The server options for WAL archiving: every finished segment is copied into ``walArchive`` and synced
    /// before PostgreSQL may recycle it; a segment already there with the same bytes counts as archived (a retry
    /// after a crash), a different one is an error that stops archiving until someone looks.
    var archiveOptions: String {
        guard let walArchive else { return "" }
        let archive = walArchive
        let command =
            "if [ -f \"\(archive)/%f\" ]; then cmp -s \"%p\" \"\(archive)/%f\"; else "
            + "cp \"%p\" \"\(archive)/%f.partial\" && sync \"\(archive)/%f.partial\" && "
            + "mv \"\(archive)/%f.partial\" \"\(archive)/%f\" && sync \"\(archive)\"; fi"
        return " -c archive_mode=on -c archive_command='\(command)'"
    }

    /// The accredit home: `ACCREDIT_HOME`, else `/var/lib/accredit` for root (the `postgres` user cannot enter
    /// `/root`), else `~/.accredit`.
    public static func defaultHome(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let home = environment["ACCREDIT_HOME"], !home.isEmpty { return home }
        if getuid() == 0 { return "/var/lib/accredit" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.accredit"
    }

    var clusterDirectory: String { home + "/postgres" }
    var dataDirectory: String { clusterDirectory + "/data" }
    var logFile: String { clusterDirectory + "/server.log" }

    /// The connection string for the cluster's Accredit database as the superuser `postgres`, for the operator's
    /// direct mode and migrations (peer authentication); a server uses ``applicationConninfo()``.
    public var conninfo: String {
        "host=\(clusterDirectory) port=\(port) user=postgres dbname=\(database)"
    }

    /// Whether the cluster exists and is running.
    public func status() -> Status {
        guard FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") else { return .absent }
        let probe = try? run(tool("pg_ctl"), ["-D", dataDirectory, "status"], asOwner: true)
        return probe?.status == 0 ? .running(conninfo: conninfo) : .stopped
    }

    /// Creates the cluster if needed, starts it if stopped, and makes sure the Accredit database exists.
    ///
    /// - Returns: The connection string.
    /// - Throws: ``Failure`` with the server log's last lines when PostgreSQL will not start.
    @discardableResult
    public func start() throws -> String {
        try withLock {
            if case .absent = status() { try initialise() }
            let authenticationChanged = try writeAuthenticationFiles()
            switch status() {
            case .running:
                if authenticationChanged {
                    let result = try run(tool("pg_ctl"), ["-D", dataDirectory, "reload"], asOwner: true)
                    guard result.status == 0 else {
                        throw Failure(
                            description: "PostgreSQL did not reload its authentication rules: \(result.output)")
                    }
                }
            case .stopped, .absent:
                try prepareArchive()
                let result = try run(
                    tool("pg_ctl"),
                    [
                        "-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "start", "-o",
                        "-c listen_addresses='' -c unix_socket_directories='\(clusterDirectory)' -p \(port)"
                            + archiveOptions,
                    ], asOwner: true)
                guard result.status == 0 else {
                    throw Failure(
                        description: "PostgreSQL did not start: \(result.output)\(logTail()); "
                            + "see \(logFile), or set ACCREDIT_DATABASE_URL to use another server")
                }
            }
            try createDatabaseIfMissing()
        }
        return conninfo
    }

    /// Stops the cluster if it is running (fast shutdown: sessions are disconnected, nothing is lost).
    ///
    /// - Throws: ``Failure`` when `pg_ctl stop` fails.
    public func stop() throws {
        guard case .running = status() else { return }
        let result = try run(tool("pg_ctl"), ["-D", dataDirectory, "-m", "fast", "-w", "stop"], asOwner: true)
        guard result.status == 0 else { throw Failure(description: "PostgreSQL did not stop: \(result.output)") }
    }

    /// Whether a path is safe to put into a command PostgreSQL runs through the shell: letters, digits, `/._-`.
    public static func isPlainPath(_ path: String) -> Bool {
        !path.isEmpty
            && path.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || [0x2F, 0x2E, 0x5F, 0x2D].contains(byte)
            }
    }

    /// Creates the WAL archive directory, writable by the cluster's account.
    private func prepareArchive() throws {
        guard let walArchive else { return }
        guard Self.isPlainPath(walArchive), walArchive.hasPrefix("/") else {
            throw Failure(
                description: "ACCREDIT_WAL_ARCHIVE must be an absolute path of letters, digits and / . _ - only "
                    + "(PostgreSQL runs the archive command through the shell): \(walArchive)")
        }
        try FileManager.default.createDirectory(atPath: walArchive, withIntermediateDirectories: true)
        if getuid() == 0 { _ = try run("/bin/chown", ["postgres:", walArchive], asOwner: false) }
        chmod(walArchive, 0o700)
    }

    private func initialise() throws {
        try FileManager.default.createDirectory(atPath: clusterDirectory, withIntermediateDirectories: true)
        if getuid() == 0 {
            _ = try run("/bin/chown", ["postgres:", clusterDirectory], asOwner: false)
        }
        chmod(clusterDirectory, 0o700)
        if getuid() == 0, try run("/usr/bin/test", ["-x", clusterDirectory], asOwner: true).status != 0 {
            throw Failure(
                description: "the embedded PostgreSQL runs as the postgres user, which cannot reach "
                    + "\(clusterDirectory): a folder above it is private (as /root is). Set ACCREDIT_HOME to a folder "
                    + "it can reach, such as /var/lib/accredit, or set ACCREDIT_DATABASE_URL to use another server")
        }
        let result = try run(
            tool("initdb"),
            [
                "-D", dataDirectory, "-U", "postgres", "--auth-local=peer", "--auth-host=reject", "--encoding=UTF8",
                "--locale=C.UTF-8",
            ], asOwner: true)
        guard result.status == 0 else {
            let last = result.output.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            throw Failure(
                description: "initdb failed: \(last.map(String.init) ?? "no output"); is the postgresql package "
                    + "installed? (the server log, if any, is in \(clusterDirectory))")
        }
    }

    private func createDatabaseIfMissing() throws {
        let admin = try PostgresConnection(
            conninfo: "host=\(clusterDirectory) port=\(port) user=postgres dbname=postgres")
        try admin.createDatabaseIfMissing(database)
    }

    private func logTail() -> String {
        guard let text = try? String(contentsOfFile: logFile, encoding: .utf8) else { return "" }
        let lines = text.split(separator: "\n").suffix(3)
        return lines.isEmpty ? "" : " — " + lines.joined(separator: " | ")
    }
}

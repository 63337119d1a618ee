import EmbeddedPostgres
import EvidenceStore
import Foundation

/// A primary with a streaming hot standby on this machine: two clusters on two unix sockets, made, promoted and
/// killed by `scripts/pg-cluster` (the same steps docs/operations.md describes), with PostgreSQL's durable defaults.
public final class ReplicatedPair: @unchecked Sendable {
    /// Why a step of the pair failed.
    public struct Failure: Error, CustomStringConvertible {
        /// What failed, with the script's output.
        public let description: String
    }

    /// The name the standby connects with, and the primary's `synchronous_standby_names` when synchronous.
    public static let standbyName = "accredit_standby"
    /// The database the pair's tests use.
    public static let database = "accredit"

    /// The directory of the cluster that takes writes now.
    public private(set) var primary: String
    /// The directory of the cluster that follows it.
    public private(set) var standby: String
    private let script: String

    /// Starts a primary in `directory/a` with a database, and its standby in `directory/b`; with `synchronous`, the
    /// primary waits for the standby's flush before it acknowledges a commit.
    public init(in directory: String, synchronous: Bool) throws {
        let file = #filePath
        let support = String(file[...(file.lastIndex(of: "/") ?? file.startIndex)])
        script = support + "../../scripts/pg-cluster"
        primary = directory + "/a"
        standby = directory + "/b"
        try run(["start", primary])
        let admin = try PostgresConnection(conninfo: try conninfo(primary, database: "postgres"))
        try admin.execute("CREATE DATABASE \(Self.database)")
        try attachStandby(synchronous: synchronous)
    }

    /// A standby of the primary in the standby's directory, made from a base backup, and, with `synchronous`, named
    /// in the primary's `synchronous_standby_names` only after the copy: the setting must not travel with the copy,
    /// or a promoted standby would wait for a standby of its own that is not there.
    public func attachStandby(synchronous: Bool) throws {
        try run(["standby", primary, standby, Self.standbyName])
        guard synchronous else { return }
        let admin = try PostgresConnection(conninfo: try conninfo(primary, database: "postgres"))
        try admin.execute("ALTER SYSTEM SET synchronous_standby_names = '\(Self.standbyName)'")
        _ = try admin.query("SELECT pg_reload_conf()")
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let state = try admin.query("SELECT sync_state::text AS state FROM pg_stat_replication").first
            if try state?["state"].string() == "sync" { return }
            usleep(50_000)
        }
        throw Failure(description: "the standby in \(standby) did not become synchronous within 30 s")
    }

    /// What the primary says of its standby (`pg_stat_replication.sync_state`: `sync`, `async`…) and of its commits
    /// (`synchronous_commit`); the state is nil for a standby it does not see.
    public func replication() throws -> (state: String?, commits: String) {
        let admin = try PostgresConnection(conninfo: try conninfo(primary, database: "postgres"))
        let row = try admin.query(
            """
            SELECT (SELECT sync_state::text FROM pg_stat_replication LIMIT 1) AS state,
                   current_setting('synchronous_commit') AS commits
            """
        ).first
        return (try row?["state"].optionalString(), try row?["commits"].string() ?? "")
    }

    /// The libpq string of one cluster's database.
    public func conninfo(_ cluster: String, database: String = ReplicatedPair.database) throws -> String {
        "host=\(cluster) port=\(try port(of: cluster)) user=postgres dbname=\(database)"
    }

    /// The multi-host libpq string a client would hold: both clusters, first the one that takes writes, and
    /// `target_session_attrs` choosing among them (`read-write` for the primary, whichever it is).
    public func clientConninfo(sessionAttributes: String = "read-write") throws -> String {
        let ports = try [primary, standby].map { String(try port(of: $0)) }.joined(separator: ",")
        return "host=\(primary),\(standby) port=\(ports) user=postgres dbname=\(Self.database) "
            + "target_session_attrs=\(sessionAttributes) connect_timeout=2"
    }

    /// SIGKILLs the primary's postmaster and every child of it at once.
    public func killPrimary() throws {
        try run(["kill", primary])
    }

    /// SIGKILLs the standby's postmaster and every child of it at once.
    public func killStandby() throws {
        try run(["kill", standby])
    }

    /// Stops the standby streaming (its `primary_conninfo` emptied and reloaded), waiting until its WAL receiver
    /// has gone: from then on it falls behind whatever the primary commits. (SIGSTOP would not do: the primary goes on
    /// writing WAL into the connection's socket buffer, and the standby reads it when it resumes.)
    public func detachStandby() throws {
        let admin = try PostgresConnection(conninfo: try conninfo(standby, database: "postgres"))
        try admin.execute("ALTER SYSTEM SET primary_conninfo = ''")
        _ = try admin.query("SELECT pg_reload_conf()")
        let deadline = Date().addingTimeInterval(30)
        while try admin.query("SELECT 1 FROM pg_stat_wal_receiver").first != nil {
            guard Date() < deadline else {
                throw Failure(description: "the standby in \(standby) still streams 30 s after it was detached")
            }
            usleep(20_000)
        }
    }

    /// Promotes the standby and makes it the primary; the old primary's directory becomes the standby's, for
    /// ``rebuildStandby(synchronous:)``.
    public func promoteStandby() throws {
        try run(["promote", standby])
        swap(&primary, &standby)
    }

    /// Replaces whatever is in the standby's directory (a dead former primary) with a fresh standby of the primary.
    public func rebuildStandby(synchronous: Bool) throws {
        try run(["stop", standby])
        try attachStandby(synchronous: synchronous)
    }

    /// Stops both clusters and deletes their directories.
    public func stop() {
        _ = try? run(["stop", primary])
        _ = try? run(["stop", standby])
    }

    /// The port a running cluster's socket is named for (the fourth line of its postmaster.pid).
    private func port(of cluster: String) throws -> Int {
        try field(4, of: cluster)
    }

    /// A number from a line of a running cluster's postmaster.pid (4: its port).
    private func field(_ line: Int, of cluster: String) throws -> Int {
        let text = try String(contentsOfFile: cluster + "/data/postmaster.pid", encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= line, let value = Int(lines[line - 1]) else {
            throw Failure(description: "\(cluster)/data/postmaster.pid has no number on line \(line)")
        }
        return value
    }

    /// Runs `scripts/pg-cluster` with durable settings, throwing with its output when it fails. (Spawned without
    /// this process's descriptors: a server it starts must not hold a pipe of ours open.)
    private func run(_ arguments: [String]) throws {
        let (status, output) = try LocalCluster.run(
            "/usr/bin/env", ["ACCREDIT_PG_DURABLE=1", script] + arguments, asOwner: false)
        guard status == 0 else {
            throw Failure(description: "scripts/pg-cluster \(arguments.joined(separator: " ")) failed: \(output)")
        }
    }
}

import AccreditAPI
import AccreditEngine
import CaseService
import EmbeddedPostgres
import EvidenceStore
import Foundation

extension Context {
    /// Opens the database and returns the case desk over it, with its follow-ups: a checkpoint after every decision
    /// and award, written to ``checkpointDirectory()``,
    /// and the award status list rewritten after every change to an award.
    static func desk() throws -> CaseDesk {
        desk(over: try open())
    }

    /// A desk over an opened context, with the follow-ups.
    static func desk(over context: Context) -> CaseDesk {
        let desk = CaseDesk(connection: context.connection, blobs: context.blobs)
        desk.followUps.append(
            AutomaticCheckpoint(
                signingKey: { [unowned desk] in try signingKey(for: desk) }, directory: checkpointDirectory()))
        desk.followUps.append(AwardStatusFollowUp(home: home, path: AwardStatusFollowUp.defaultPath(home: home)))
        return desk
    }

    /// A desk for the server: a connection of its own as the application role (`accredit_app`: it may read and
    /// append but not rewrite history; the schema was checked when the server started), with the same follow-ups as
    /// ``desk()``.
    ///
    /// - Throws: ``StoreError`` `database.role-too-powerful` for a login that could rewrite history (a superuser,
    ///   the schema's owner): the server is the security boundary only if its own login is not.
    static func serverDesk(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> CaseDesk {
        let location = DatabaseLocation.fromEnvironment(environment)
        let connection = try location.applicationConnect()
        try StoreRoles.requireLeastPrivilege(connection)
        return desk(
            over: Context(location: location, connection: connection, blobs: try BlobStore(root: blobRoot(environment)))
        )
    }

    /// The read replica's connection string (`ACCREDIT_READ_DATABASE_URL`), checked to be a copy of the same cluster
    /// as the primary's, or nil when none is set.
    ///
    /// - Throws: ``CommandFailure`` when it cannot be reached or is another cluster (its answers would be another
    ///   store's).
    static func readReplica(
        of primary: Context, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> String? {
        guard let conninfo = environment["ACCREDIT_READ_DATABASE_URL"], !conninfo.isEmpty else { return nil }
        let replica: ServerIdentity
        let standby: Bool
        do {
            let connection = try PostgresConnection(conninfo: conninfo)
            replica = try connection.serverIdentity()
            standby = try connection.isInRecovery()
        } catch {
            throw CommandFailure(
                .environment,
                "cannot reach the read replica that ACCREDIT_READ_DATABASE_URL names "
                    + "(\(ConnectionString.describe(conninfo))): \(error). Start it, correct the setting, or unset it "
                    + "to read from the primary only")
        }
        let own = try primary.connection.serverIdentity()
        guard replica.systemIdentifier == own.systemIdentifier else {
            throw CommandFailure(
                .environment,
                "ACCREDIT_READ_DATABASE_URL names another cluster (system identifier \(replica.systemIdentifier); the "
                    + "primary's is \(own.systemIdentifier)), whose answers would be another store's: name a streaming "
                    + "standby of this store's cluster (docs/operations.md, \"Read replicas\")")
        }
        guard replica.database == own.database else {
            throw CommandFailure(
                .environment,
                "ACCREDIT_READ_DATABASE_URL names the database \(replica.database), the primary's is \(own.database): "
                    + "its answers would be another store's. Name the same database on the standby")
        }
        guard standby else {
            throw CommandFailure(
                .environment,
                "ACCREDIT_READ_DATABASE_URL names a server that takes writes, not a standby: a promoted copy has a "
                    + "history of its own. Name a streaming standby of this store's cluster")
        }
        return conninfo
    }

    /// The installation's signing key (`ACCREDIT_HOME/keys/signing-key`), refused unless the store lists it as its
    /// current key.
    static func signingKey(for desk: CaseDesk) throws -> SigningKey {
        try desk.signingKey(home: home)
    }

    /// Where every checkpoint is also written for publishing: `ACCREDIT_CHECKPOINT_DIR`, or
    /// `ACCREDIT_HOME/checkpoints`.
    static func checkpointDirectory(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> CheckpointDirectory {
        let configured = environment["ACCREDIT_CHECKPOINT_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        return CheckpointDirectory(path: configured ?? home + "/checkpoints")
    }

    /// What the API's routes that sign, publish or send mail use, from this home and the environment: its signing
    /// key, the checkpoint directory, the award status list's path, the SMTP settings and the portal's address (the
    /// server's, when it serves; this process's in direct mode).
    ///
    /// - Parameter strict: Refuse malformed mail settings (the server, before it listens); otherwise they are kept as
    ///   ``APIEnvironment/smtpProblem`` and only sending mail fails (direct mode).
    /// - Throws: ``CommandFailure`` `.invalid` for malformed mail settings (``smtpSettings(environment:)``), when
    ///   strict.
    static func apiEnvironment(strict: Bool = false) throws -> APIEnvironment {
        var environment = APIEnvironment(
            home: home, checkpointDirectory: checkpointDirectory(),
            awardStatusPath: AwardStatusFollowUp.defaultPath(home: home))
        do {
            environment.smtp = try smtpSettings()
            environment.publicURL = try publicURL()
        } catch let failure as CommandFailure where !strict {
            environment.smtpProblem = failure.description
        }
        return environment
    }
}

import AccreditEngine
import EmbeddedPostgres
import EvidenceStore
import Foundation
import Statecharts

/// Verifies a backup (``StoreBackup``) against its manifests and restores it as a working installation: the
/// database as the embedded cluster of an Accredit home, recovered by PostgreSQL from the WAL the backup carries
/// (and, for a point in time, from a WAL archive), the evidence files into the blob store, and the signing keys.
public struct StoreRestore: Sendable {
    /// The backup directory.
    public let backup: String

    /// Creates a restore job for the backup in `backup`.
    public init(backup: String) {
        self.backup = backup
    }

    /// A point in time to recover to, and where the WAL written after the backup is archived.
    public struct PointInTime: Sendable {
        /// The last moment whose commits are kept; later ones are not replayed.
        public var until: Instant
        /// The WAL archive (the directory `archive_command` copies segments into).
        public var walArchive: String

        /// Creates a target.
        public init(until: Instant, walArchive: String) {
            self.until = until
            self.walArchive = walArchive
        }
    }

    /// Reads the manifest and checks every part against it: the database with `pg_verifybackup` (each file's
    /// SHA-256 against PostgreSQL's `backup_manifest`, whose own hash the manifest records, and the WAL it needs),
    /// every evidence file's hash, and the key files.
    ///
    /// - Returns: The manifest.
    /// - Throws: ``BackupError`` `.unreadable` or `.damaged` saying which part differs.
    public func verify(progress: (String) -> Void = { _ in }) throws(BackupError) -> BackupManifest {
        let manifest = try readManifest()
        let database = StoreBackup.databaseDirectory(backup)
        guard try StoreBackup.sha256(ofFile: database + "/backup_manifest") == manifest.databaseManifestSHA256 else {
            throw .damaged("the database's backup_manifest is not the one the backup recorded")
        }
        progress("checking the database files (pg_verifybackup)")
        let verified = try StoreBackup.runProgram("pg_verifybackup", ["--quiet", database])
        guard verified.status == 0 else { throw .damaged("pg_verifybackup: \(StoreBackup.lastLines(verified.output))") }
        progress("checking \(manifest.evidence.count) evidence file(s)")
        let evidence: BlobStore
        do {
            evidence = try BlobStore(root: StoreBackup.evidenceDirectory(backup), maximumSize: .max)
        } catch {
            throw .file("cannot open \(StoreBackup.evidenceDirectory(backup)): \(error)")
        }
        for file in manifest.evidence {
            switch evidence.check(file.sha256) {
            case .intact: continue
            case .missing: throw .damaged("evidence file \(file.sha256) is missing")
            case .corrupt(let actual): throw .damaged("evidence file \(file.sha256) now hashes to \(actual)")
            }
        }
        for key in manifest.keys
        where !FileManager.default.fileExists(atPath: StoreBackup.keysDirectory(backup) + "/" + key) {
            throw .damaged("signing key file \(key) is missing")
        }
        return manifest
    }

    /// Restores the backup as the embedded installation in `home`: verifies it, copies the database into
    /// `home/postgres/data`, the evidence files into `blobs` and the keys into `home/keys` (keeping any already
    /// there), and starts the cluster, which recovers to the end of the backup, or to `pointInTime`.
    ///
    /// - Returns: The backup's manifest.
    /// - Throws: ``BackupError``: `.installationExists` when `home` has a database already (nothing is touched).
    public func restoreEmbedded(
        home: String, blobs: BlobStore, pointInTime: PointInTime? = nil, progress: (String) -> Void = { _ in }
    ) throws(BackupError) -> BackupManifest {
        // The restored cluster starts without WAL archiving: it recovers onto a new timeline, and archiving
        // resumes when it is next started with ACCREDIT_WAL_ARCHIVE.
        let cluster = LocalCluster(home: home, walArchive: nil)
        let clusterDirectory = home + "/postgres"
        let data = clusterDirectory + "/data"
        let staging = clusterDirectory + "/data.restoring"
        guard case .absent = cluster.status() else { throw .installationExists(clusterDirectory) }
        let manifest = try verify(progress: progress)
        if let pointInTime {
            guard pointInTime.until >= manifest.takenAt else {
                throw .targetBeforeBackup(manifest.takenAt.iso8601, pointInTime.until.iso8601)
            }
            guard LocalCluster.isPlainPath(pointInTime.walArchive), pointInTime.walArchive.hasPrefix("/") else {
                throw .file(
                    "the WAL archive must be an absolute path of letters, digits and / . _ - only (PostgreSQL runs "
                        + "its restore command through the shell): \(pointInTime.walArchive)")
            }
            guard FileManager.default.fileExists(atPath: pointInTime.walArchive) else {
                throw .file("the WAL archive \(pointInTime.walArchive) does not exist")
            }
        }
        // Everything goes into a staging directory that becomes the cluster only when complete; a failure removes
        // it, so that no half-restored database is ever started.
        do {
            // A staging directory left by a restore that was killed is ours to replace.
            try Self.run("/bin/rm", ["-rf", staging])
            progress("copying the database into \(staging)")
            try copyDatabase(to: staging, clusterDirectory: clusterDirectory)
            try sanitise(staging)
            try requestRecovery(in: staging, to: pointInTime, timeline: try Self.timeline(staging))
            progress("copying \(manifest.evidence.count) evidence file(s) into \(blobs.root)")
            try restoreEvidence(manifest, into: blobs)
            try restoreKeys(manifest, into: SigningKey.directory(home: home))
            try Self.run("/bin/mv", [staging, data])
        } catch {
            _ = try? LocalCluster.run("/bin/rm", ["-rf", staging], asOwner: false)
            throw error
        }
        progress(
            pointInTime.map { "starting PostgreSQL, which replays the archived WAL up to \($0.until.iso8601)" }
                ?? "starting PostgreSQL, which replays the WAL the backup carries")
        do {
            try cluster.start()
        } catch {
            throw .program("PostgreSQL", "\(error)")
        }
        try waitForPromotion(cluster)
        return manifest
    }

    /// Replaces what a backup could use to run commands when the cluster starts: its configuration files (a
    /// hostile `postgresql.conf` or `postgresql.auto.conf` could load a library or set a restore command) and any
    /// recovery or standby signal. The embedded cluster's own settings come on its command line.
    private func sanitise(_ data: String) throws(BackupError) {
        for name in ["recovery.signal", "standby.signal"] { unlink(data + "/" + name) }
        let settings = [
            (
                "postgresql.conf",
                "# Written by Accredit's restore: the embedded cluster's settings are on its command line.\n"
            ),
            ("postgresql.auto.conf", "# Written by Accredit's restore.\n"),
        ]
        for (name, text) in settings {
            do {
                try AtomicFile.write(
                    Array(text.utf8), to: data + "/" + name, mode: AtomicFile.privateMode, replacing: true)
            } catch {
                throw .file("cannot write \(data)/\(name): \(error)")
            }
        }
        if getuid() == 0 { try Self.run("/bin/chown", ["-R", "postgres:", data]) }
    }

    /// The timeline a base backup begins on, from its `backup_label`.
    static func timeline(_ data: String) throws(BackupError) -> String {
        guard let label = try? String(contentsOfFile: data + "/backup_label", encoding: .utf8),
            let line = label.split(separator: "\n").first(where: { $0.hasPrefix("START TIMELINE: ") })
        else { throw .damaged("the base backup has no readable backup_label") }
        return String(line.dropFirst("START TIMELINE: ".count)).trimmingCharacters(in: .whitespaces)
    }

    /// Waits until the recovered cluster has replayed to its target and opened for writing (it accepts read-only
    /// connections before that).
    private func waitForPromotion(_ cluster: LocalCluster) throws(BackupError) {
        for _ in 0..<6_000 {
            if let db = try? PostgresConnection(conninfo: cluster.conninfo), (try? db.isInRecovery()) == false {
                return
            }
            if case .stopped = cluster.status() {
                throw .program(
                    "PostgreSQL",
                    "recovery stopped before it reached its target; see \(cluster.home)/postgres/server.log")
            }
            usleep(100_000)
        }
        throw .program(
            "PostgreSQL", "recovery did not finish within 10 minutes; see \(cluster.home)/postgres/server.log")
    }

    /// The backup's manifest.
    func readManifest() throws(BackupError) -> BackupManifest {
        let path = backup + "/" + BackupManifest.fileName
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw .unreadable("\(path) is missing: a backup is complete only once its manifest is written")
        }
        do {
            return try BackupManifest(value: try CanonicalJSON.parse(text))
        } catch let error as BackupError {
            throw error
        } catch {
            throw .unreadable("\(path) is not JSON (\(error))")
        }
    }

    private func copyDatabase(to data: String, clusterDirectory: String) throws(BackupError) {
        let asRoot = getuid() == 0
        try Self.run("/bin/mkdir", ["-p", clusterDirectory])
        if asRoot {
            try Self.run("/bin/chown", ["postgres:", clusterDirectory])
            // PostgreSQL runs as the postgres user, which must reach its directory through every folder above it.
            guard (try? LocalCluster.run("/usr/bin/test", ["-x", clusterDirectory], asOwner: true))?.status == 0 else {
                throw .file(
                    "the embedded PostgreSQL runs as the postgres user, which cannot reach \(clusterDirectory): a "
                        + "folder above it is private; choose an ACCREDIT_HOME it can reach, such as /var/lib/accredit")
            }
        }
        try Self.run("/bin/cp", ["-a", StoreBackup.databaseDirectory(backup), data])
        if asRoot { try Self.run("/bin/chown", ["-R", "postgres:", clusterDirectory]) }
        try Self.run("/bin/chmod", ["700", clusterDirectory, data])
    }

    /// Runs a system program, requiring success.
    private static func run(_ program: String, _ arguments: [String]) throws(BackupError) {
        let result: (status: Int32, output: String)
        do {
            result = try LocalCluster.run(program, arguments, asOwner: false)
        } catch {
            throw .program(program, "\(error)")
        }
        guard result.status == 0 else { throw .program(program, StoreBackup.lastLines(result.output)) }
    }

    /// Asks PostgreSQL to recover on the backup's own timeline, to a point in time from the archive or, without
    /// one, to the end of the WAL the backup carries (`restore_command` fails for every other segment), and then to
    /// open for writing on a new timeline, whose WAL cannot be mistaken for the original cluster's.
    private func requestRecovery(in data: String, to target: PointInTime?, timeline: String) throws(BackupError) {
        let restoreCommand = target.map { "cp \"\($0.walArchive)/%f\" \"%p\"" } ?? "false"
        let goal =
            target.map { "recovery_target_time = '\(Self.postgresTime($0.until))'\nrecovery_target_inclusive = true" }
            ?? "recovery_target = 'immediate'"
        let settings = """
            # Written by Accredit's restore: recover, then open on a new timeline.
            restore_command = '\(restoreCommand)'
            \(goal)
            recovery_target_timeline = '\(timeline)'
            recovery_target_action = 'promote'

            """
        do {
            try AtomicFile.write(
                Array(settings.utf8), to: data + "/postgresql.auto.conf", mode: AtomicFile.privateMode, replacing: true)
            try AtomicFile.write([], to: data + "/recovery.signal", mode: AtomicFile.privateMode, replacing: true)
        } catch {
            throw .file("cannot ask for recovery: \(error)")
        }
        if getuid() == 0 { try Self.run("/bin/chown", ["-R", "postgres:", data]) }
    }

    /// A time as PostgreSQL's settings accept it: `2026-12-05 14:30:00.123456+00`.
    static func postgresTime(_ instant: Instant) -> String {
        instant.iso8601.replacing("T", with: " ").replacing("Z", with: "+00")
    }

    private func restoreEvidence(_ manifest: BackupManifest, into blobs: BlobStore) throws(BackupError) {
        let source: BlobStore
        do {
            source = try BlobStore(root: StoreBackup.evidenceDirectory(backup), maximumSize: .max)
        } catch {
            throw .file("cannot open \(StoreBackup.evidenceDirectory(backup)): \(error)")
        }
        for file in manifest.evidence {
            let stored: StoredBlob
            do {
                stored = try blobs.put(fileAt: source.path(of: file.sha256), maximumSize: .max)
            } catch {
                throw .file("cannot restore evidence file \(file.sha256): \(error.message)")
            }
            guard stored.sha256 == file.sha256 else {
                throw .damaged("evidence file \(file.sha256) changed while it was restored")
            }
        }
    }

    private func restoreKeys(_ manifest: BackupManifest, into directory: String) throws(BackupError) {
        guard !manifest.keys.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            chmod(directory, 0o700)
            for key in manifest.keys where !FileManager.default.fileExists(atPath: directory + "/" + key) {
                let bytes = Array(
                    try Data(contentsOf: URL(fileURLWithPath: StoreBackup.keysDirectory(backup) + "/" + key)))
                try AtomicFile.write(bytes, to: directory + "/" + key, mode: AtomicFile.privateMode, replacing: false)
            }
        } catch {
            throw .file("cannot restore the signing keys into \(directory): \(error)")
        }
    }
}

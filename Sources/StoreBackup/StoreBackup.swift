import AccreditEngine
import Crypto
import EmbeddedPostgres
import EvidenceStore
import Foundation
import Statecharts

#if canImport(Glibc)
    import Glibc
#endif

/// Takes a backup of a store: the database with PostgreSQL's own `pg_basebackup` (a consistent copy of the whole
/// cluster with the WAL it needs, and a manifest of every file's SHA-256), then the evidence files by content hash
/// (each re-hashed as it is copied) and the signing keys, then `accredit-backup.json` (``BackupManifest``), written
/// last: a directory without it is not a backup.
///
/// Evidence files are written before the database rows that name them and never changed, so every file the database
/// copy names is on disk when the files are copied after it.
public struct StoreBackup: Sendable {
    /// A connection string for a login that may take a base backup (a superuser, or a role with `REPLICATION`).
    public let conninfo: String
    /// Where the database is, for people.
    public let source: String
    /// The store's evidence files.
    public let blobs: BlobStore
    /// The signing keys' directory, if the backup should carry them.
    public let keysDirectory: String?
    /// An earlier backup whose evidence files are hard-linked rather than copied, when given: evidence files never
    /// change, so only those added since need copying.
    public let evidenceSince: String?

    /// Creates a backup job.
    public init(
        conninfo: String, source: String, blobs: BlobStore, keysDirectory: String?, evidenceSince: String? = nil
    ) {
        self.conninfo = conninfo
        self.source = source
        self.blobs = blobs
        self.keysDirectory = keysDirectory
        self.evidenceSince = evidenceSince
    }

    /// The database part's directory inside a backup.
    public static func databaseDirectory(_ backup: String) -> String { backup + "/database" }
    /// The evidence part's directory inside a backup (a blob store's layout).
    public static func evidenceDirectory(_ backup: String) -> String { backup + "/evidence" }
    /// The signing keys' directory inside a backup.
    public static func keysDirectory(_ backup: String) -> String { backup + "/keys" }

    /// Writes a backup into `directory`, which must not exist or be empty.
    ///
    /// - Parameter progress: Told each step as it starts.
    /// - Returns: The manifest written.
    /// - Throws: ``BackupError``; a failed backup leaves no manifest, so it can never be taken for a whole one.
    public func write(to directory: String, progress: (String) -> Void = { _ in }) throws(BackupError) -> BackupManifest
    {
        // The earlier backup is read first: one that cannot be used stops the backup before anything is written.
        let earlier = try evidenceSince.map { backup throws(BackupError) in
            (backup, try Self.evidenceSizes(of: backup))
        }
        try Self.prepareEmpty(directory)
        progress("reading the store")
        let facts = try storeFacts()
        progress("copying the database (pg_basebackup)")
        let database = Self.databaseDirectory(directory)
        let result = try Self.runProgram(
            "pg_basebackup",
            [
                "--dbname=\(conninfo)", "--pgdata=\(database)", "--wal-method=stream", "--checkpoint=fast",
                "--manifest-checksums=SHA256", "--label=accredit backup", "--no-password",
            ])
        guard result.status == 0 else { throw .program("pg_basebackup", Self.lastLines(result.output)) }
        let startLSN = try Self.startLocation(database).lsn
        // When the database copy ends: the earliest point a restore of this backup can reach.
        let copiedAt = Instant(microsecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()))
        // Listed after the database copy, so that every file a row in it names is on the list.
        let hashes = blobs.storedHashes().sorted()
        progress(
            "copying \(hashes.count) evidence file(s)"
                + (earlier.map { ", linking those already in \($0.0)" } ?? ""))
        let (copied, linked) = try copyEvidence(
            hashes, to: Self.evidenceDirectory(directory), linking: earlier, progress: progress)
        let keys = try copyKeys(to: Self.keysDirectory(directory))
        let manifest = BackupManifest(
            takenAt: copiedAt,
            source: source, serverVersion: facts.serverVersion,
            systemIdentifier: facts.systemIdentifier, startLSN: startLSN,
            databaseManifestSHA256: try Self.sha256(ofFile: database + "/backup_manifest"), cases: facts.cases,
            events: facts.events, checkpoint: facts.checkpoint, evidence: copied, keys: keys,
            linkedFrom: earlier.map { BackupManifest.LinkedEvidence(backup: $0.0, files: linked) })
        do {
            try AtomicFile.write(
                Array(CanonicalJSON.encode(manifest.value).utf8), to: directory + "/" + BackupManifest.fileName,
                mode: AtomicFile.privateMode, replacing: false)
        } catch {
            throw .file("cannot write the manifest: \(error)")
        }
        return manifest
    }

    /// What the backup records about the store, read before the copy.
    struct StoreFacts {
        var serverVersion: String
        var systemIdentifier: String
        var cases: Int64
        var events: Int64
        var checkpoint: BackupManifest.CheckpointMark?
    }

    private func storeFacts() throws(BackupError) -> StoreFacts {
        do {
            let db = try PostgresConnection(conninfo: conninfo)
            let server = try db.serverIdentity()
            let totals = try CaseLog(connection: db).totals()
            let latest = try CheckpointLog(connection: db).latest()
            return StoreFacts(
                serverVersion: server.version, systemIdentifier: server.systemIdentifier, cases: totals.cases,
                events: totals.events,
                checkpoint: latest.map {
                    BackupManifest.CheckpointMark(
                        sequence: $0.sequence, rootHash: HashChain.hex($0.rootHash), treeSize: $0.treeSize)
                })
        } catch {
            throw .database("\(error)")
        }
    }

    /// The evidence files an earlier backup holds, by hash, with their sizes, from its manifest.
    ///
    /// - Throws: ``BackupError`` `.unreadable` when it is not a complete backup.
    static func evidenceSizes(of backup: String) throws(BackupError) -> [String: Int64] {
        let manifest: BackupManifest
        do {
            manifest = try StoreRestore(backup: backup).readManifest()
        } catch .unreadable(let message) {
            throw .unreadable("--evidence-since \(backup): \(message)")
        } catch {
            throw error
        }
        var sizes: [String: Int64] = [:]
        for file in manifest.evidence { sizes[file.sha256] = file.size }
        return sizes
    }

    /// Copies each evidence file into the backup, re-hashing it, or hard-links the earlier backup's copy when that
    /// holds it at the size its manifest records. Returns every file, and how many were linked.
    private func copyEvidence(
        _ hashes: [String], to root: String, linking earlier: (String, [String: Int64])?,
        progress: (String) -> Void
    ) throws(BackupError) -> ([BackupManifest.EvidenceFile], Int64) {
        let target: BlobStore
        do {
            target = try BlobStore(root: root, maximumSize: .max)
        } catch {
            throw .file("cannot create \(root): \(error)")
        }
        var copied: [BackupManifest.EvidenceFile] = []
        var linked: Int64 = 0
        // Once a link is refused (another file system, another owner under protected_hardlinks, too many links),
        // the rest are copied, and the reason is reported.
        var refusal: String?
        for hash in hashes {
            // A file disposed of since it was listed is no longer needed.
            guard FileManager.default.fileExists(atPath: blobs.path(of: hash)) else { continue }
            if let earlier, refusal == nil, let size = earlier.1[hash] {
                let source = BlobStore.path(of: hash, root: Self.evidenceDirectory(earlier.0))
                switch Self.link(source, to: target.path(of: hash), size: size) {
                case .linked:
                    copied.append(BackupManifest.EvidenceFile(sha256: hash, size: size))
                    linked += 1
                    continue
                case .absent: break
                case .refused(let reason): refusal = reason
                }
            }
            let stored: StoredBlob
            do {
                stored = try target.put(fileAt: blobs.path(of: hash), maximumSize: .max)
            } catch {
                throw .file("cannot copy evidence file \(hash): \(error.message)")
            }
            guard stored.sha256 == hash else {
                throw .storeDamaged("evidence file \(hash) now hashes to \(stored.sha256)")
            }
            copied.append(BackupManifest.EvidenceFile(sha256: hash, size: stored.size))
        }
        if let refusal, let earlier {
            progress("could not link evidence files from \(earlier.0) (\(refusal)); copied the rest instead")
        }
        return (copied, linked)
    }

    /// What became of linking one file from an earlier backup.
    enum LinkOutcome: Equatable {
        /// Linked.
        case linked
        /// The earlier backup has no regular file of the recorded size there: the file is copied.
        case absent
        /// The system refused the link, for this reason: this file and the rest are copied.
        case refused(String)
    }

    /// Hard-links an earlier backup's copy of an evidence file into this one, when it is a regular file (not a
    /// symbolic link) of the size that backup recorded. Nothing is created in the earlier backup.
    static func link(_ source: String, to target: String, size: Int64) -> LinkOutcome {
        var info = stat()
        guard lstat(source, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int64(info.st_size) == size else {
            return .absent
        }
        let folder = String(target[..<(target.lastIndex(of: "/") ?? target.endIndex)])
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil,
            Glibc.link(source, target) == 0
        else {
            return .refused(errno == EXDEV ? "it is on another file system" : String(cString: strerror(errno)))
        }
        return .linked
    }

    /// Where a base backup starts, from its `backup_label`: the WAL position and the segment it lies in
    /// (`START WAL LOCATION: 0/2000028 (file 000000010000000000000002)`).
    static func startLocation(_ database: String) throws(BackupError) -> (lsn: String, segment: String) {
        let prefix = "START WAL LOCATION: "
        guard let label = try? String(contentsOfFile: database + "/backup_label", encoding: .utf8),
            let line = label.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }),
            let lsn = line.dropFirst(prefix.count).split(separator: " ").first,
            let open = line.range(of: "(file "), let close = line[open.upperBound...].firstIndex(of: ")")
        else { throw .damaged("the base backup has no readable backup_label") }
        return (String(lsn), String(line[open.upperBound..<close]))
    }

    /// Removes from a WAL archive every segment older than the one `backup` starts in, with PostgreSQL's
    /// `pg_archivecleanup`, after checking that every segment in the archive is of the cluster the backup was taken
    /// from (the system identifier in each segment's first page header): point-in-time recovery then reaches back
    /// to this backup's time, no further. Run only once the backup is complete.
    ///
    /// - Returns: How many files were removed.
    /// - Throws: ``BackupError`` `.walArchiveMismatch` when a segment is another cluster's (nothing is removed),
    ///   `.file` when the archive cannot be read, `.program` when `pg_archivecleanup` fails.
    public static func pruneWALArchive(_ archive: String, before backup: String) throws(BackupError) -> Int {
        let manifest = try StoreRestore(backup: backup).readManifest()
        let start = try startLocation(databaseDirectory(backup)).segment
        let before = try walSegments(in: archive)
        for name in before {
            let found = try systemIdentifier(ofSegment: archive + "/" + name)
            // PostgreSQL reports the identifier as a signed bigint: either reading of the 64 bits is the same one.
            guard let found,
                String(found) == manifest.systemIdentifier
                    || String(Int64(bitPattern: found)) == manifest.systemIdentifier
            else {
                throw .walArchiveMismatch(
                    "\(archive)/\(name) is WAL of the cluster \(found.map { String($0) } ?? "(not a WAL segment)"), "
                        + "and the backup's is \(manifest.systemIdentifier)")
            }
        }
        let result = try runProgram("pg_archivecleanup", [archive, start])
        guard result.status == 0 else { throw .program("pg_archivecleanup", lastLines(result.output)) }
        let after = Set(try walSegments(in: archive))
        return before.filter { !after.contains($0) }.count
    }

    /// The names of the WAL segments in an archive: 24 hexadecimal digits, or those and `.partial` (the last
    /// segment of a timeline that was promoted away from), which `pg_archivecleanup` removes too.
    static func walSegments(in archive: String) throws(BackupError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: archive)
        } catch {
            throw .file("cannot read the WAL archive \(archive): \(error.localizedDescription)")
        }
        return names.filter { name in
            let segment = name.hasSuffix(".partial") ? name.dropLast(".partial".count) : Substring(name)
            return segment.utf8.count == 24
                && segment.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x46).contains($0) }
        }.sorted()
    }

    /// The system identifier a WAL segment's first page header (the long header) records; nil when the file is not
    /// a WAL segment.
    static func systemIdentifier(ofSegment path: String) throws(BackupError) -> UInt64? {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .file("cannot read \(path)") }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 32), header.count == 32 else { return nil }
        let bytes = Array(header)
        // XLogLongPageHeaderData: xlp_info (bytes 2-3) has XLP_LONG_HEADER (0x0002); xlp_sysid is at 24, little-endian.
        guard bytes[2] & 0x02 != 0 else { return nil }
        var identifier: UInt64 = 0
        for index in (24..<32).reversed() { identifier = identifier << 8 | UInt64(bytes[index]) }
        return identifier
    }

    private func copyKeys(to target: String) throws(BackupError) -> [String] {
        guard let keysDirectory, FileManager.default.fileExists(atPath: keysDirectory) else { return [] }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: keysDirectory)) ?? []).sorted()
        var copied: [String] = []
        do {
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            chmod(target, 0o700)
            for name in names where !name.hasPrefix(".") {
                var info = stat()
                // Regular files only: a symbolic link is not followed.
                guard lstat(keysDirectory + "/" + name, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
                let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: keysDirectory + "/" + name)))
                try AtomicFile.write(bytes, to: target + "/" + name, mode: AtomicFile.privateMode, replacing: false)
                copied.append(name)
            }
        } catch {
            throw .file("cannot copy the signing keys: \(error)")
        }
        return copied
    }

    /// Creates `directory` (mode 0700), or accepts it empty.
    static func prepareEmpty(_ directory: String) throws(BackupError) {
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) {
            guard entries.isEmpty else { throw .targetNotEmpty(directory) }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw .file("cannot create \(directory): \(error)")
            }
        }
        chmod(directory, 0o700)
    }

    /// Runs a PostgreSQL program as this process's user.
    static func runProgram(_ name: String, _ arguments: [String]) throws(BackupError) -> (status: Int32, output: String)
    {
        do {
            return try LocalCluster.run(try LocalCluster.tool(name), arguments, asOwner: false)
        } catch {
            throw .program(name, "\(error)")
        }
    }

    /// The last few lines of a program's output.
    static func lastLines(_ output: String) -> String {
        output.split(separator: "\n").suffix(4).joined(separator: " | ")
    }

    /// The SHA-256 of a file, in hex, read in chunks.
    static func sha256(ofFile path: String) throws(BackupError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .damaged("\(path) is missing") }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return HashChain.hex(Array(hasher.finalize()))
    }
}

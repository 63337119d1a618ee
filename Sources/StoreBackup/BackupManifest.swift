import AccreditEngine
import Statecharts

/// What a backup holds, written as `accredit-backup.json` beside its parts: the database's base backup (whose own
/// `backup_manifest` lists every file with its SHA-256, and is hashed here), the evidence files by content hash, the
/// signing keys, and the store's newest checkpoint at the time, which a restore must find again.
public struct BackupManifest: Hashable, Sendable {
    /// The manifest's file name inside a backup directory.
    public static let fileName = "accredit-backup.json"
    /// The format this build writes and reads.
    public static let format = "accredit-backup/1"

    /// One evidence file.
    public struct EvidenceFile: Hashable, Sendable {
        /// SHA-256 of the content, in hex: its address in the store.
        public var sha256: String
        /// Size in bytes.
        public var size: Int64

        /// Creates an entry.
        public init(sha256: String, size: Int64) {
            self.sha256 = sha256
            self.size = size
        }
    }

    /// The store's newest checkpoint when the backup began.
    public struct CheckpointMark: Hashable, Sendable {
        /// Its sequence number.
        public var sequence: Int64
        /// Its Merkle root, in hex.
        public var rootHash: String
        /// How many events it covers.
        public var treeSize: Int64

        /// Creates a mark.
        public init(sequence: Int64, rootHash: String, treeSize: Int64) {
            self.sequence = sequence
            self.rootHash = rootHash
            self.treeSize = treeSize
        }
    }

    /// When the database copy ended (the machine's clock): the earliest point in time a restore can reach.
    public var takenAt: Instant
    /// Where the database was, for people (no password).
    public var source: String
    /// The PostgreSQL server's version: a base backup restores only into the same major version.
    public var serverVersion: String
    /// The cluster's system identifier: WAL from an archive must come from the same cluster.
    public var systemIdentifier: String
    /// The log position where the backup's WAL begins (point-in-time recovery replays from here).
    public var startLSN: String
    /// SHA-256 of the base backup's `backup_manifest`.
    public var databaseManifestSHA256: String
    /// The number of cases and events in the store when the backup began (later ones may be in it too).
    public var cases: Int64
    /// See ``cases``.
    public var events: Int64
    /// The newest checkpoint when the backup began, if any.
    public var checkpoint: CheckpointMark?
    /// Every evidence file, sorted by hash.
    public var evidence: [EvidenceFile]
    /// The signing key files copied, by name.
    public var keys: [String]
    /// The earlier backup whose evidence files this one links rather than copies (`--evidence-since`), and how many
    /// it linked; nil when every file was copied.
    public var linkedFrom: LinkedEvidence?

    /// Evidence files hard-linked from an earlier backup: the same files, stored once on disk, each backup whole on
    /// its own (removing the earlier one leaves this one complete).
    public struct LinkedEvidence: Hashable, Sendable {
        /// The earlier backup's directory, as given.
        public var backup: String
        /// How many files were linked from it.
        public var files: Int64

        /// Creates a mark.
        public init(backup: String, files: Int64) {
            self.backup = backup
            self.files = files
        }
    }

    /// Creates a manifest.
    public init(
        takenAt: Instant, source: String, serverVersion: String, systemIdentifier: String, startLSN: String,
        databaseManifestSHA256: String, cases: Int64, events: Int64, checkpoint: CheckpointMark?,
        evidence: [EvidenceFile], keys: [String], linkedFrom: LinkedEvidence? = nil
    ) {
        self.takenAt = takenAt
        self.source = source
        self.serverVersion = serverVersion
        self.systemIdentifier = systemIdentifier
        self.startLSN = startLSN
        self.databaseManifestSHA256 = databaseManifestSHA256
        self.cases = cases
        self.events = events
        self.checkpoint = checkpoint
        self.evidence = evidence
        self.keys = keys
        self.linkedFrom = linkedFrom
    }

    /// The manifest as JSON.
    public var value: Value {
        var object: [String: Value] = [
            "format": .string(Self.format), "takenAt": .string(takenAt.iso8601), "source": .string(source),
            "database": .object([
                "serverVersion": .string(serverVersion), "systemIdentifier": .string(systemIdentifier),
                "startLSN": .string(startLSN), "backupManifestSHA256": .string(databaseManifestSHA256),
                "cases": .integer(cases), "events": .integer(events),
            ]),
            "evidence": .array(
                evidence.map { .object(["sha256": .string($0.sha256), "size": .integer($0.size)]) }),
            "keys": .array(keys.map { .string($0) }),
        ]
        if let checkpoint {
            object["checkpoint"] = .object([
                "sequence": .integer(checkpoint.sequence), "rootHash": .string(checkpoint.rootHash),
                "treeSize": .integer(checkpoint.treeSize),
            ])
        }
        if let linkedFrom {
            object["evidenceLinkedFrom"] = .object([
                "backup": .string(linkedFrom.backup), "files": .integer(linkedFrom.files),
            ])
        }
        return .object(object)
    }

    /// Reads a manifest from its JSON.
    ///
    /// - Throws: ``BackupError`` `.unreadable` naming the field that is missing or wrong.
    public init(value: Value) throws(BackupError) {
        func text(_ value: Value?, _ field: String) throws(BackupError) -> String {
            guard case .string(let text)? = value else { throw .unreadable("\(field) is missing or not text") }
            return text
        }
        func integer(_ value: Value?, _ field: String) throws(BackupError) -> Int64 {
            guard case .integer(let number)? = value else { throw .unreadable("\(field) is missing or not a number") }
            return number
        }
        guard try text(value["format"], "format") == Self.format else {
            throw .unreadable(
                "it is not an \(Self.format) manifest (format \(value["format"].map { "\($0)" } ?? "none"))")
        }
        guard let takenAt = Instant(iso8601: try text(value["takenAt"], "takenAt")) else {
            throw .unreadable("takenAt is not a time")
        }
        let database = value["database"]
        var evidence: [EvidenceFile] = []
        guard case .array(let files)? = value["evidence"], case .array(let keys)? = value["keys"] else {
            throw .unreadable("evidence or keys is missing")
        }
        for file in files {
            let sha256 = try text(file["sha256"], "evidence.sha256")
            guard sha256.utf8.count == 64,
                sha256.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
            else {
                throw .unreadable("evidence hash \(sha256) is not a SHA-256")
            }
            evidence.append(EvidenceFile(sha256: sha256, size: try integer(file["size"], "evidence.size")))
        }
        var checkpoint: CheckpointMark?
        if let mark = value["checkpoint"] {
            checkpoint = CheckpointMark(
                sequence: try integer(mark["sequence"], "checkpoint.sequence"),
                rootHash: try text(mark["rootHash"], "checkpoint.rootHash"),
                treeSize: try integer(mark["treeSize"], "checkpoint.treeSize"))
        }
        var linkedFrom: LinkedEvidence?
        if let linked = value["evidenceLinkedFrom"] {
            linkedFrom = LinkedEvidence(
                backup: try text(linked["backup"], "evidenceLinkedFrom.backup"),
                files: try integer(linked["files"], "evidenceLinkedFrom.files"))
        }
        var keyNames: [String] = []
        for key in keys {
            let name = try text(key, "keys")
            guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
                throw .unreadable("key file name \(name) is not a plain file name")
            }
            keyNames.append(name)
        }
        self.init(
            takenAt: takenAt, source: try text(value["source"], "source"),
            serverVersion: try text(database?["serverVersion"], "database.serverVersion"),
            systemIdentifier: try text(database?["systemIdentifier"], "database.systemIdentifier"),
            startLSN: try text(database?["startLSN"], "database.startLSN"),
            databaseManifestSHA256: try text(database?["backupManifestSHA256"], "database.backupManifestSHA256"),
            cases: try integer(database?["cases"], "database.cases"),
            events: try integer(database?["events"], "database.events"), checkpoint: checkpoint,
            evidence: evidence, keys: keyNames, linkedFrom: linkedFrom)
    }
}

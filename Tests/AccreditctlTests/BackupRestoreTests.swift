import EvidenceStore
import Foundation
import PostgresTestSupport
import Testing

/// `accreditctl backup` and `restore` on the embedded default (issue #19, item 1): a store with cases, evidence and a
/// checkpoint is backed up, changed, and restored into a fresh installation that audits clean, has every evidence
/// file, and proves its history up to the checkpoint unchanged; damaged and misdirected restores touch nothing.
@Suite(.serialized) struct BackupRestoreTests {
    /// Runs `body` with two embedded installations under one temporary directory, stopped afterwards.
    static func withInstallations(
        _ body: (_ source: CLIRunner, _ target: CLIRunner, _ directory: String) throws -> Void
    )
        async throws
    {
        try await TestFiles.withTemporaryDirectory { directory in
            // The clusters run as the postgres user when the tests run as root: let it reach their directories.
            chmod(directory, 0o755)
            for name in ["source", "target"] {
                try FileManager.default.createDirectory(
                    atPath: directory + "/" + name, withIntermediateDirectories: true)
                chmod(directory + "/" + name, 0o755)
            }
            let source = CLIRunner(conninfo: "", directory: directory + "/source")
            let target = CLIRunner(conninfo: "", directory: directory + "/target")
            defer {
                _ = try? source.run(["db", "stop"])
                _ = try? target.run(["db", "stop"])
            }
            try body(source, target, directory)
        }
    }

    @Test func aRestoredBackupAuditsCleanWithEveryFileAndItsCheckpoint() async throws {
        try await Self.withInstallations { source, target, directory in
            try source.populate()
            try source.toEvidence()
            let file = try source.evidenceFile("policy.txt", "Our patient safety policy\n")
            try source.ok(["evidence", "upload", "C-1", file, "--criterion", "SL-1.1", "--item", "1", "--as", "ann"])
            try source.ok(["audit", "checkpoint", "--as", "aud", "--out", directory + "/cp.json"])
            let backup = directory + "/backup"
            let taken = try source.ok(["backup", "--out", backup])
            #expect(taken.stdout.contains("1 evidence file(s)") && taken.stdout.contains("newest checkpoint #1"))
            // After the backup: an event the restore must not have.
            try source.ok(["case", "open", "C-2", "--organisation", "riverside", "--as", "sec"])

            // Never into a directory with something in it.
            let again = try source.run(["backup", "--out", backup])
            #expect(again.status == 2 && again.stderr.contains("never overwrites"))

            // Settings PostgreSQL would obey at start, which pg_verifybackup does not check: replaced, not obeyed.
            let settings = try FileHandle(forWritingTo: URL(fileURLWithPath: backup + "/database/postgresql.auto.conf"))
            try settings.seekToEnd()
            try settings.write(contentsOf: Data("shared_preload_libraries = 'accredit_no_such_library'\n".utf8))
            try settings.close()
            FileManager.default.createFile(atPath: backup + "/database/standby.signal", contents: Data())
            // Into a home that does not exist yet, with the evidence under it (the default layout).
            var target = target
            target.environment["ACCREDIT_BLOB_ROOT"] = ""
            let restored = try target.run(["restore", backup])
            #expect(restored.status == 0, "\(restored.stdout) \(restored.stderr)")
            #expect(restored.stdout.contains("checks are clean"))
            #expect(FileManager.default.fileExists(atPath: target.directory + "/home/evidence/sha256"))
            try target.ok(["audit", "verify", "--all", "--as", "aud"])
            let key = try String(contentsOfFile: source.directory + "/home/keys/signing-key.pub", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            try target.ok([
                "audit", "verify", "--all", "--as", "aud", "--since", directory + "/cp.json", "--trusted-key", key,
            ])
            let cases = try target.ok(["case", "list", "--as", "sec", "--json"]).stdout
            #expect(cases.contains("C-1") && !cases.contains("C-2"))
            // The restored installation works: it signs with the restored key and takes new events.
            try target.ok(["audit", "checkpoint", "--as", "aud", "--out", directory + "/cp2.json"])
            try target.ok(["case", "open", "C-3", "--organisation", "riverside", "--as", "sec"])

            // Not over an installation that has a database.
            let over = try target.run(["restore", backup])
            #expect(over.status == 2 && over.stderr.contains("already holds a database"))
        }
    }

    @Test func aDamagedBackupIsRefusedBeforeAnythingIsTouched() async throws {
        try await Self.withInstallations { source, target, directory in
            try source.populate()
            try source.toEvidence()
            let file = try source.evidenceFile("policy.txt", "Our patient safety policy\n")
            try source.ok(["evidence", "upload", "C-1", file, "--criterion", "SL-1.1", "--item", "1", "--as", "ann"])
            let backup = directory + "/backup"
            try source.ok(["backup", "--out", backup])
            #expect(try target.run(["restore", backup, "--verify-only"]).status == 0)

            // An evidence file changed in the backup.
            let evidence = try #require(
                FileManager.default.enumerator(atPath: backup + "/evidence/sha256")?.allObjects.compactMap {
                    $0 as? String
                }.first { $0.split(separator: "/").count == 3 })
            let path = backup + "/evidence/sha256/" + evidence
            let original = try Data(contentsOf: URL(fileURLWithPath: path))
            try Data("Our patient safety policy, improved\n".utf8).write(to: URL(fileURLWithPath: path))
            let changed = try target.run(["restore", backup])
            #expect(changed.status == 1 && changed.stderr.contains("does not match its manifest"), "\(changed.stderr)")
            #expect(!FileManager.default.fileExists(atPath: target.directory + "/home/postgres"))
            try original.write(to: URL(fileURLWithPath: path))

            // A database file changed: pg_verifybackup finds it against PostgreSQL's manifest.
            let control = backup + "/database/global/pg_control"
            var bytes = try Data(contentsOf: URL(fileURLWithPath: control))
            bytes[100] ^= 0xff
            try bytes.write(to: URL(fileURLWithPath: control))
            let database = try target.run(["restore", backup, "--verify-only"])
            #expect(database.status == 1 && database.stderr.contains("pg_verifybackup"), "\(database.stderr)")

            // Without its manifest it is not a backup.
            try FileManager.default.removeItem(atPath: backup + "/accredit-backup.json")
            let partial = try target.run(["restore", backup])
            #expect(partial.status == 2 && partial.stderr.contains("not a usable Accredit backup"))
            #expect(!FileManager.default.fileExists(atPath: target.directory + "/home/postgres"))
        }
    }

    @Test func aRestoreReachesAPointInTimeBetweenTwoEvents() async throws {
        try await Self.withInstallations { source, target, directory in
            let archive = directory + "/wal-archive"
            var archiving = source
            archiving.environment["ACCREDIT_WAL_ARCHIVE"] = archive
            try archiving.populate()
            let backup = directory + "/backup"
            try archiving.ok(["backup", "--out", backup])
            try Self.restoreBetween(
                "C-1", and: "C-2", from: archiving, into: target, backup: backup, archive: archive)
            try target.ok(["audit", "verify", "--all", "--as", "aud"])
            // The recovered store is open for writing.
            try target.ok(["case", "open", "C-9", "--organisation", "riverside", "--as", "sec"])

            // A time before the backup cannot be reached from it.
            let third = CLIRunner(conninfo: "", directory: directory + "/third")
            try FileManager.default.createDirectory(atPath: third.directory, withIntermediateDirectories: true)
            let early = try third.run(["restore", backup, "--until", "2001-01-01T00:00:00Z", "--wal-archive", archive])
            #expect(early.status == 2 && early.stderr.contains("restore an earlier backup"), "\(early.stderr)")
            #expect(!FileManager.default.fileExists(atPath: third.directory + "/home/postgres"))
        }
    }

    @Test func anIncrementalBackupLinksTheEarlierFilesAndRestoresWithoutIt() async throws {
        try await Self.withInstallations { source, target, directory in
            try source.populate()
            try source.toEvidence()
            let first = try source.evidenceFile("policy.txt", "Our patient safety policy\n")
            try source.ok(["evidence", "upload", "C-1", first, "--criterion", "SL-1.1", "--item", "1", "--as", "ann"])
            let earlier = directory + "/backups/monday"
            try source.ok(["backup", "--out", earlier])
            let second = try source.evidenceFile("review.txt", "Our learning review\n")
            try source.ok(["evidence", "upload", "C-1", second, "--criterion", "SL-1.2", "--item", "1", "--as", "ann"])

            // Not a backup: refused before anything is written.
            let later = directory + "/backups/tuesday"
            let wrong = try source.run(["backup", "--out", later, "--evidence-since", directory + "/source"])
            #expect(wrong.status == 2 && wrong.stderr.contains("--evidence-since"), "\(wrong.stderr)")
            #expect(!FileManager.default.fileExists(atPath: later))

            let taken = try source.ok(["backup", "--out", later, "--evidence-since", earlier])
            #expect(taken.stdout.contains("2 evidence file(s) (1 linked from \(earlier))"), "\(taken.stdout)")
            // The file both hold is one file on disk; the new one was copied.
            let files = try Self.evidenceFiles(in: later)
            #expect(files.count == 2)
            let shared = try #require(files.first { FileManager.default.fileExists(atPath: earlier + "/" + $0) })
            #expect(try Self.inode(earlier + "/" + shared) == Self.inode(later + "/" + shared))
            #expect(files.filter { FileManager.default.fileExists(atPath: earlier + "/" + $0) }.count == 1)

            // The later backup is whole without the earlier one.
            try FileManager.default.removeItem(atPath: earlier)
            var target = target
            target.environment["ACCREDIT_BLOB_ROOT"] = ""
            let restored = try target.run(["restore", later])
            #expect(restored.status == 0, "\(restored.stdout) \(restored.stderr)")
            try target.ok(["audit", "verify", "--all", "--as", "aud"])
            let fsck = try target.ok(["evidence", "fsck", "--as", "aud"])
            #expect(fsck.stdout.contains("evidence store is consistent (2 files)"), "\(fsck.stdout)")
        }
    }

    @Test func pruningTheWALArchiveKeepsWhatTheNewBackupNeeds() async throws {
        try await Self.withInstallations { source, target, directory in
            let archive = directory + "/wal-archive"
            var archiving = source
            archiving.environment["ACCREDIT_WAL_ARCHIVE"] = archive
            try archiving.populate()
            try archiving.ok(["backup", "--out", directory + "/first"])
            try archiving.ok(["case", "open", "C-1", "--organisation", "riverside", "--as", "sec"])
            try Self.archiveCurrentWAL(home: source.directory + "/home")
            let segments = try StoreBackupSegments.names(in: archive)

            // An archive holding another cluster's WAL is refused whole.
            let foreign = directory + "/foreign-archive"
            try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
            var header = [UInt8](repeating: 0, count: 8192)
            header[2] = 0x02
            header[24] = 0x2a
            try Data(header).write(to: URL(fileURLWithPath: foreign + "/000000010000000000000001"))
            let refused = try archiving.run([
                "backup", "--out", directory + "/refused", "--prune-wal-archive", foreign,
            ])
            #expect(refused.status == 2 && refused.stderr.contains("nothing was pruned"), "\(refused.stderr)")
            #expect(FileManager.default.fileExists(atPath: foreign + "/000000010000000000000001"))

            let backup = directory + "/second"
            let pruned = try archiving.ok(["backup", "--out", backup, "--prune-wal-archive", archive])
            let kept = try StoreBackupSegments.names(in: archive)
            #expect(pruned.stdout.contains("removed ") && !pruned.stdout.contains("removed 0 "), "\(pruned.stdout)")
            // Everything from before the backup's first segment is gone (the timeline's first 8 digits aside).
            let start = Self.startSegment(
                try String(contentsOfFile: backup + "/database/backup_label", encoding: .utf8))
            #expect(!start.isEmpty && segments.first.map { $0.suffix(16) < start.suffix(16) } == true)
            #expect(kept.allSatisfy { $0.suffix(16) >= start.suffix(16) }, "\(kept) against \(start)")

            // Point-in-time recovery from the new backup still works.
            try Self.restoreBetween(
                "C-2", and: "C-3", from: archiving, into: target, backup: backup, archive: archive)
        }
    }

    /// Opens case `first`, notes a time, opens case `second`, archives the WAL, and restores `backup` into `target`
    /// up to the noted time: `first` must be there and `second` not.
    static func restoreBetween(
        _ first: String, and second: String, from source: CLIRunner, into target: CLIRunner, backup: String,
        archive: String
    ) throws {
        try source.ok(["case", "open", first, "--organisation", "riverside", "--as", "sec"])
        // Commit times are the server's real clock (the sandbox clock stamps events, not commits).
        Thread.sleep(forTimeInterval: 1.1)
        let between = Date()
        Thread.sleep(forTimeInterval: 1.1)
        try source.ok(["case", "open", second, "--organisation", "riverside", "--as", "sec"])
        try archiveCurrentWAL(home: source.directory + "/home")
        let until = ISO8601DateFormatter().string(from: between)
        let restored = try target.run(["restore", backup, "--until", until, "--wal-archive", archive])
        #expect(restored.status == 0, "\(restored.stdout) \(restored.stderr)")
        let cases = try target.ok(["case", "list", "--as", "sec", "--json"]).stdout
        #expect(cases.contains(first) && !cases.contains(second), "\(cases)")
    }

    /// The evidence files in a backup, as paths relative to it.
    static func evidenceFiles(in backup: String) throws -> [String] {
        (FileManager.default.enumerator(atPath: backup + "/evidence/sha256")?.allObjects ?? []).compactMap {
            $0 as? String
        }.filter { $0.split(separator: "/").count == 3 }.map { "evidence/sha256/" + $0 }
    }

    /// A file's inode number.
    static func inode(_ path: String) throws -> UInt64 {
        var info = stat()
        guard stat(path, &info) == 0 else { throw CLIRunner.RunnerError("cannot stat \(path)") }
        return UInt64(info.st_ino)
    }

    /// The WAL segment a backup label starts in.
    static func startSegment(_ label: String) -> String {
        guard let open = label.range(of: "(file "), let close = label[open.upperBound...].firstIndex(of: ")") else {
            return ""
        }
        return String(label[open.upperBound..<close])
    }

    /// Closes the embedded cluster's current WAL segment and waits until the archiver has copied it.
    static func archiveCurrentWAL(home: String) throws {
        let db = try PostgresConnection(conninfo: "host=\(home)/postgres port=5432 user=postgres dbname=accredit")
        let segment = try db.query("SELECT pg_walfile_name(pg_switch_wal()) AS name").first?["name"].string() ?? ""
        for _ in 0..<300 {
            let archived = try db.query("SELECT last_archived_wal AS name FROM pg_stat_archiver").first?["name"]
            if let name = try? archived?.string(), name >= segment { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw CLIRunner.RunnerError("WAL segment \(segment) was not archived within 30 s")
    }
}

/// The WAL segments in an archive directory, by name.
enum StoreBackupSegments {
    /// The names of 24 hexadecimal digits, sorted.
    static func names(in archive: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: archive).filter { name in
            name.count == 24 && name.allSatisfy { $0.isHexDigit && !$0.isLowercase }
        }.sorted()
    }
}

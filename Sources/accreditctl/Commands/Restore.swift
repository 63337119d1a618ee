import AccreditEngine
import ArgumentParser
import EmbeddedPostgres
import EvidenceStore
import Foundation
import Statecharts
import StoreBackup

extension Accreditctl {
    /// `accreditctl restore DIR`: rebuild a working installation from a backup.
    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Restore a backup as a working installation (the embedded default).",
            discussion: """
                Checks every part of the backup against its manifests first (pg_verifybackup for the database, \
                each evidence file's hash), and touches nothing if one differs. Then copies the database into \
                ACCREDIT_HOME's embedded cluster, which must not exist yet, the evidence files into the evidence \
                store and the signing keys into ACCREDIT_HOME/keys, and starts PostgreSQL, which replays the WAL \
                the backup carries. With --until and --wal-archive it replays the archived WAL up to that time \
                instead (point-in-time recovery). Last it checks the restored store: every hash chain and head, \
                every evidence file, and the checkpoint the backup recorded. Exits 0 when all is clean, 1 on any \
                finding.

                Examples:
                  accreditctl restore /backups/2026-12-05 --verify-only
                  ACCREDIT_HOME=/srv/accredit accreditctl restore /backups/2026-12-05
                  ACCREDIT_HOME=/srv/accredit accreditctl restore /backups/2026-12-05 \\
                    --until 2026-12-05T14:30:00Z --wal-archive /backups/wal
                """)

        @Argument(help: ArgumentHelp("The backup directory.", valueName: "directory"))
        var backup: String

        @Flag(help: "Only check the backup against its manifests.")
        var verifyOnly = false

        @Option(help: ArgumentHelp("Recover to this time (ISO 8601) from the WAL archive.", valueName: "time"))
        var until: String?

        @Option(help: ArgumentHelp("The WAL archive to recover from (with --until).", valueName: "directory"))
        var walArchive: String?

        func validate() throws {
            guard (until == nil) == (walArchive == nil) else {
                throw ValidationError("Please give --until and --wal-archive together.")
            }
            if let until, Moment.parse(until) == nil {
                throw ValidationError("Please give --until as an ISO 8601 time, such as 2026-12-05T14:30:00Z.")
            }
        }

        func run() throws {
            try reportingFailures {
                let restore = StoreRestore(backup: backup)
                if verifyOnly {
                    let manifest = try restore.verify { StandardError.print("restore: \($0)") }
                    Output.line(
                        "backup \(backup) is intact: taken \(manifest.takenAt.iso8601) from \(manifest.source), "
                            + "\(manifest.evidence.count) evidence file(s), \(manifest.keys.count) key file(s)")
                    return
                }
                if let client = try ClientMode.current() {
                    throw CommandFailure(
                        .invalid,
                        "restore is the operator's and builds a database here, not on \(client.server.absoluteString); "
                            + "sign out with accreditctl logout, or unset ACCREDIT_SERVER")
                }
                guard case .embedded(let home) = DatabaseLocation.fromEnvironment() else {
                    throw CommandFailure(
                        .invalid,
                        "a database is configured (ACCREDIT_DATABASE_URL or PG*): restore restores the embedded "
                            + "default; unset them, or restore a server you run with PostgreSQL's own tools "
                            + "(docs/operations.md, Backups)")
                }
                let target = until.flatMap(Moment.parse).flatMap { until in
                    walArchive.map { StoreRestore.PointInTime(until: until, walArchive: $0) }
                }
                // The home first, as init makes it (readable, so that PostgreSQL's account can reach its cluster),
                // before the evidence store, which makes its folders private.
                try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
                let manifest = try restore.restoreEmbedded(
                    home: home, blobs: try BlobStore(root: Context.blobRoot()), pointInTime: target
                ) { StandardError.print("restore: \($0)") }
                let context = try Context.open()
                let findings = try Self.check(context, against: manifest)
                Output.line(
                    "restored \(backup) into \(home): \(try Self.counts(context.connection)), "
                        + "\(manifest.evidence.count) evidence file(s), \(manifest.keys.count) key file(s)")
                for finding in findings { Output.line(finding) }
                guard findings.isEmpty else { throw ExitCode(ExitStatus.refused.rawValue) }
                Output.line(
                    "chain, head, evidence and checkpoint checks are clean; for the replay check run: "
                        + "accreditctl audit verify --all --as AUDITOR")
            }
        }

        /// The restored store's counts, for the summary.
        static func counts(_ db: PostgresConnection) throws -> String {
            let totals = try CaseLog(connection: db).totals()
            return "\(totals.cases) case(s), \(totals.events) event(s)"
        }

        /// The store-level checks of a restored store: chains and heads, evidence files, and the checkpoint the
        /// backup recorded (present, with the same root). One line per problem.
        static func check(_ context: Context, against manifest: BackupManifest) throws -> [String] {
            var lines: [String] = []
            let checkpoints = CheckpointLog(connection: context.connection)
            if let mark = manifest.checkpoint {
                if let found = try checkpoints.checkpoint(mark.sequence) {
                    if HashChain.hex(found.rootHash) != mark.rootHash {
                        lines.append("checkpoint #\(mark.sequence) has another root than the backup recorded")
                    }
                } else {
                    lines.append("checkpoint #\(mark.sequence), which the backup recorded, is missing")
                }
            }
            let latest = try checkpoints.latest()
            for report in [
                try ChainAudit(connection: context.connection, checkpoint: latest).run(.all),
                try EvidenceAudit(connection: context.connection, blobs: context.blobs).run(.all),
            ] {
                lines += report.findings.map { "\($0)" }
            }
            return lines
        }
    }
}

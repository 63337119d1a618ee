import ArgumentParser
import EmbeddedPostgres
import EvidenceStore
import Foundation
import StoreBackup

extension Accreditctl {
    /// `accreditctl backup --out DIR`: a consistent backup of the database, evidence files and signing keys.
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Back up the store: the database, evidence files and signing keys, with a manifest of hashes.",
            discussion: """
                The database is copied with PostgreSQL's pg_basebackup (a consistent copy of the whole cluster \
                with the WAL it needs, and PostgreSQL's own manifest of every file's SHA-256); then each evidence \
                file, re-hashed as it is copied; then the signing keys (unless --without-keys); and last \
                accredit-backup.json, which records the store's newest checkpoint and every file's hash. A \
                directory without that file is not a backup. The operator's command: it works on the database \
                directly. On a configured server the login needs the REPLICATION attribute.

                Evidence files never change, so --evidence-since EARLIER hard-links the files an earlier backup \
                already holds (at the size its manifest records) instead of copying them: only files added since \
                are read. Each backup stays whole on its own, and removing the earlier one leaves it complete. \
                Where a link is refused (another file system, another owner), the rest are copied and the \
                backup says why. Linked files are not re-hashed, and the backups share them: a file damaged in \
                one is damaged in both. 'restore --verify-only' re-hashes every file: run it on each backup.

                --prune-wal-archive DIR, once the backup is complete, removes from the WAL archive every segment \
                older than the one this backup starts in (PostgreSQL's pg_archivecleanup), after checking that \
                every segment there is this cluster's. Point-in-time recovery then reaches back to this backup, \
                no further: prune after the oldest backup you keep.

                Restore with 'accreditctl restore DIR'; 'accreditctl restore DIR --verify-only' checks a \
                backup without restoring it.

                Examples:
                  accreditctl backup --out /backups/accredit-2026-12-05
                  accreditctl backup --out /backups/2026-12-06 \\
                    --evidence-since /backups/2026-12-05
                  accreditctl backup --out /backups/2026-12-06 \\
                    --prune-wal-archive /backups/wal
                """)

        @Option(help: ArgumentHelp("A new or empty directory for the backup.", valueName: "directory"))
        var out: String

        @Flag(help: "Leave the signing keys out (keep them apart from the data).")
        var withoutKeys = false

        @Option(
            help: ArgumentHelp(
                "An earlier backup whose evidence files are linked, not copied.", valueName: "directory"))
        var evidenceSince: String?

        @Option(
            help: ArgumentHelp(
                "After the backup, remove the WAL this archive holds from before it.", valueName: "directory"))
        var pruneWalArchive: String?

        func run() throws {
            try reportingFailures {
                let context = try Context.open()
                let conninfo: String
                switch context.location {
                case .url(let url): conninfo = url
                case .libpqEnvironment: conninfo = ""
                case .embedded(let home): conninfo = LocalCluster(home: home).conninfo
                }
                let backup = StoreBackup(
                    conninfo: conninfo, source: context.location.description, blobs: context.blobs,
                    keysDirectory: withoutKeys ? nil : SigningKey.directory(home: Context.home),
                    evidenceSince: evidenceSince)
                let manifest = try backup.write(to: out) { StandardError.print("backup: \($0)") }
                let checkpoint = manifest.checkpoint.map { "newest checkpoint #\($0.sequence)" } ?? "no checkpoint yet"
                Output.line(
                    "backup written to \(out): \(manifest.cases) case(s), \(manifest.events) event(s), "
                        + "\(manifest.evidence.count) evidence file(s)"
                        + (manifest.linkedFrom.map { " (\($0.files) linked from \($0.backup))" } ?? "")
                        + ", \(manifest.keys.count) key file(s), \(checkpoint)")
                Output.line("restore it with: accreditctl restore \(out)")
                if let pruneWalArchive {
                    let removed = try StoreBackup.pruneWALArchive(pruneWalArchive, before: out)
                    Output.line(
                        "removed \(removed) WAL segment(s) from before this backup from \(pruneWalArchive): "
                            + "point-in-time recovery now starts at this backup")
                }
            }
        }
    }
}

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

                Restore with 'accreditctl restore DIR'; 'accreditctl restore DIR --verify-only' checks a \
                backup without restoring it.

                Examples:
                  accreditctl backup --out /backups/accredit-2026-12-05
                """)

        @Option(help: ArgumentHelp("A new or empty directory for the backup.", valueName: "directory"))
        var out: String

        @Flag(help: "Leave the signing keys out (keep them apart from the data).")
        var withoutKeys = false

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
                    keysDirectory: withoutKeys ? nil : SigningKey.directory(home: Context.home))
                let manifest = try backup.write(to: out) { StandardError.print("backup: \($0)") }
                let checkpoint = manifest.checkpoint.map { "newest checkpoint #\($0.sequence)" } ?? "no checkpoint yet"
                Output.line(
                    "backup written to \(out): \(manifest.cases) case(s), \(manifest.events) event(s), "
                        + "\(manifest.evidence.count) evidence file(s), \(manifest.keys.count) key file(s), "
                        + "\(checkpoint)")
                Output.line("restore it with: accreditctl restore \(out)")
            }
        }
    }
}

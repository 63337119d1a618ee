import ArgumentParser

extension Accreditctl {
    /// `accreditctl evidence`: evidence files and their metadata.
    struct Evidence: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Work with evidence files: check the store against its metadata.",
            discussion: """
                Evidence files are stored once per content under the blob root (ACCREDIT_BLOB_ROOT, default \
                ACCREDIT_HOME/evidence), addressed by their SHA-256; their metadata is in PostgreSQL.

                Examples:
                  accreditctl evidence fsck
                  accreditctl evidence fsck --repair
                """,
            subcommands: [Fsck.self]
        )
    }
}

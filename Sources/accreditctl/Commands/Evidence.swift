import AccreditEngine
import ArgumentParser
import EvidenceStore

extension Accreditctl {
    /// `accreditctl evidence`: evidence files and their metadata.
    struct Evidence: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Upload, list, fetch and review evidence; check the store against its metadata.",
            discussion: """
                Evidence files are stored once per content under the blob root (ACCREDIT_BLOB_ROOT, default \
                ACCREDIT_HOME/evidence), addressed by their SHA-256; their metadata is in PostgreSQL.

                Examples:
                  accreditctl evidence upload C-1 policy.pdf --criterion SL-1.1 --as ann
                  accreditctl evidence list C-1 --as alice
                  accreditctl evidence get C-1 E-1 --out policy.pdf --as alice
                  accreditctl evidence reject C-1 E-1 --reason "illegible scan" --as alice
                  accreditctl evidence reuse C-1 E-8 --as ann
                  accreditctl evidence fsck --as sec
                  accreditctl evidence fsck --as sec --repair
                  accreditctl evidence discard "$SHA256" --reason "stray" --as sec
                """,
            subcommands: [
                Upload.self, List.self, Show.self, Get.self, Accept.self, Reject.self, Reuse.self, Fsck.self,
                Discard.self,
            ]
        )
    }
}

import ArgumentParser

extension Accreditctl {
    /// `accreditctl audit`: prove case histories complete and unaltered.
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify case histories and evidence, and publish signed checkpoints.",
            discussion: """
                Every event is hash-chained to the one before it; a checkpoint is a signed Merkle root over every \
                case's head that an auditor keeps, so a later rewrite of history before it can be proven. See \
                docs/audit.md.

                Examples:
                  accreditctl audit verify --all --as aud
                  accreditctl audit verify C-2026-0001 --as aud --json
                  accreditctl audit checkpoint --as aud --out checkpoint-2026-06-30.json
                  accreditctl audit verify --all --as aud --since checkpoint-2026-06-30.json
                  accreditctl audit export C-2026-0001 --as aud --out C-2026-0001.bundle.json \\
                    --with-files
                  accreditctl audit verify-bundle C-2026-0001.bundle.json
                """,
            subcommands: [Verify.self, CheckpointCommand.self, Export.self, VerifyBundle.self]
        )
    }
}

import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Audit {
    /// `accreditctl audit checkpoint`: sign a Merkle root over every case head and write it to a file.
    struct CheckpointCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "checkpoint",
            abstract: "Publish a signed Merkle root over every case's head and write it to a file to keep.",
            discussion: """
                The checkpoint is stored in the database and written to FILE as canonical JSON. It is signed with \
                the installation's Ed25519 key (ACCREDIT_HOME/keys/signing-key, made by accreditctl init; the public \
                key is in signing-key.pub). Keep the file outside the database: 'audit verify --since FILE' later \
                proves that no history before it was rewritten. Refused (exit 1) when a stored case head \
                disagrees with its log.

                Examples:
                  accreditctl audit checkpoint --as aud --out checkpoint-2026-06-30.json
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        @OptionGroup var file: NewFileOption

        func run() throws {
            try reportingFailures {
                let out = file.out
                let desk = try who.desk(requiring: .oversee)
                let key = try desk.signingKey(home: Context.home)
                let (id, checkpoint) = try desk.publishCheckpoint(key: key, at: Moment.now)
                try file.write(checkpoint.fileText)
                let root = HashChain.hex(checkpoint.rootHash)
                let publicKey = HashChain.hex(checkpoint.publicKey)
                if output.json {
                    Output.json([
                        "checkpoint": .integer(id), "createdAt": .string(checkpoint.createdAt.iso8601),
                        "treeSize": .integer(checkpoint.treeSize), "rootHash": .string(root),
                        "publicKey": .string(publicKey), "file": .string(out),
                    ])
                } else {
                    Output.line(
                        "checkpoint \(id): \(checkpoint.treeSize) cases, root \(root), signed by \(publicKey); "
                            + "written to \(out)")
                }
            }
        }
    }
}

import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Audit {
    /// `accreditctl audit checkpoint`: verify everything since the last checkpoint, then sign the next one.
    struct CheckpointCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "checkpoint",
            abstract: "Verify the store since the last checkpoint, then sign the next one and write it to a file.",
            discussion: """
                First verifies every case changed since the previous checkpoint (its chain from genesis against \
                the previous checkpoint's heads, its evidence, a replay through its pinned definitions) and that \
                every case the previous checkpoint covers is still there, unchanged up to its checkpointed \
                version. Any finding is printed and nothing is signed (exit 1): a checkpoint never signs over a \
                rewrite. Then signs a Merkle root over every case's head, chained to the previous checkpoint \
                (format accredit-checkpoint/2), with the installation's Ed25519 key \
                (ACCREDIT_HOME/keys/signing-key, made by accreditctl init; the public key is in signing-key.pub), stores it, and writes it \
                to FILE and to the checkpoint directory (ACCREDIT_CHECKPOINT_DIR, default \
                ACCREDIT_HOME/checkpoints). Keep the file outside the database: 'audit verify --since FILE' \
                later proves that no history before it was rewritten.

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
                let publication: CheckpointPublication
                do {
                    publication = try desk.publishCheckpoint(key: try Context.signingKey(for: desk))
                } catch let refusal as CheckpointRefusal {
                    AuditFiles.print(refusal, json: output.json)
                    throw refusal
                }
                let checkpoint = publication.checkpoint
                let kept = try Context.checkpointDirectory().write(checkpoint)
                try file.write(checkpoint.fileText)
                let root = HashChain.hex(checkpoint.rootHash)
                let publicKey = HashChain.hex(checkpoint.publicKey)
                if output.json {
                    Output.json([
                        "checkpoint": .integer(checkpoint.sequence), "createdAt": .string(checkpoint.createdAt.iso8601),
                        "treeSize": .integer(checkpoint.treeSize), "rootHash": .string(root),
                        "previousRoot": .string(HashChain.hex(checkpoint.previousRoot)),
                        "publicKey": .string(publicKey), "file": .string(out), "published": .string(kept),
                        "changedCases": .integer(Int64(publication.changedCases)),
                    ])
                } else {
                    let since = publication.previous.map { " since checkpoint \($0.sequence)" } ?? ""
                    Output.line(
                        "verified \(publication.changedCases) case(s) changed\(since): clean")
                    Output.line(
                        "checkpoint \(checkpoint.sequence): \(checkpoint.treeSize) cases, root \(root), signed by "
                            + "\(publicKey); written to \(out) and \(kept)")
                }
            }
        }
    }
}

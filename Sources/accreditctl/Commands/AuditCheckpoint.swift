import AccreditAPI
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
                let value: Value
                do {
                    value = try APICaller(who).call(.post, "/api/v1/audit/checkpoints")
                } catch let refusal as CheckpointRefusal {
                    AuditFiles.print(refusal: AuditViews.refusal(refusal), json: output.json)
                    throw refusal
                } catch let problem as Problem where problem.code == "checkpoint.refused" {
                    AuditFiles.print(
                        refusal: .object(
                            problem.extensions.filter { ["checkpoint", "findings"].contains($0.key) }.merging(
                                ["signed": .bool(false)]) { _, new in new }), json: output.json)
                    throw problem
                }
                try file.write(value.text("document"))
                let root = value.text("rootHash")
                let publicKey = value.text("publicKey")
                let published = value.text("published")
                if output.json {
                    Output.json(
                        value.removing(["document", "previousCheckpoint"]).merging([
                            "file": .string(out), "published": .string(published),
                        ]))
                } else {
                    let since = value["previousCheckpoint"]?.integerValue.map { " since checkpoint \($0)" } ?? ""
                    Output.line("verified \(value.text("changedCases")) case(s) changed\(since): clean")
                    Output.line(
                        "checkpoint \(value.text("checkpoint")): \(value.text("treeSize")) cases, root \(root), signed by "
                            + "\(publicKey); written to \(out) and \(published)")
                }
            }
        }
    }
}

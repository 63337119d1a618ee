import AccreditEngine
import ArgumentParser
import CaseService
import Statecharts

extension Accreditctl.Audit {
    /// `accreditctl audit verify-bundle FILE`: verify an exported bundle offline.
    struct VerifyBundle: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-bundle",
            abstract: "Verify an exported case bundle completely offline (no database needed).",
            discussion: """
                Recomputes the hash chain and checks the stored head; checks the checkpoint's Ed25519 signature \
                (and, with --trusted-key, its key), that the inclusion proof leads from the case's head to the \
                signed root, and that the history up to the checkpointed head recomputes to it; checks the bundled \
                definitions against their hashes and the events' definition hash, the evidence metadata against its \
                upload events and any bundled files against their hashes; and replays every event through the \
                bundled workflow and framework, comparing with the bundled projection. Fails closed: --trusted-key \
                (the installation's published key) is required, a bundle without a checkpoint fails \
                (checkpoint-missing), and so do events after its checkpoint (checkpoint-uncovered). Prints every \
                problem; exits 0 when valid, 1 otherwise, 2 when the file is not a bundle.

                Examples:
                  accreditctl audit verify-bundle C-2026-0001.bundle.json \\
                    --trusted-key "$(cat signing-key.pub)"
                """)

        @OptionGroup var output: OutputOptions

        @Argument(help: ArgumentHelp("The bundle file from 'audit export'.", valueName: "file"))
        var file: String

        @OptionGroup var trust: TrustOptions

        func run() throws {
            try reportingFailures {
                let trusted = try trust.require(for: file)
                let bundle = try AuditFiles.read(file, kind: "bundle", parse: CaseBundle.parse)
                let findings = BundleVerifier.verify(bundle, trusting: trusted)
                let files = bundle.evidence.filter { $0.content != nil }.count
                let checkpoint = bundle.checkpoint.map { "checkpoint of \($0.createdAt.iso8601)" } ?? "no checkpoint"
                if output.json {
                    Output.json([
                        "valid": .bool(findings.isEmpty), "case": .string(bundle.caseID),
                        "events": .integer(Int64(bundle.events.count)), "evidenceFiles": .integer(Int64(files)),
                        "checkpoint": bundle.checkpoint.map { .string($0.createdAt.iso8601) } ?? .null,
                        "findings": .array(findings.map(\.value)),
                    ])
                } else {
                    for finding in findings { Output.line(finding.description) }
                    let summary =
                        "bundle \(file): case \(bundle.caseID), \(bundle.events.count) events, "
                        + "\(files) evidence file(s), \(checkpoint)"
                    Output.line(findings.isEmpty ? "\(summary): valid" : "\(summary): \(findings.count) problem(s)")
                }
                if !findings.isEmpty { throw ExitCode(ExitStatus.refused.rawValue) }
            }
        }
    }
}

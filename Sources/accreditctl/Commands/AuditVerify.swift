import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Audit {
    /// `accreditctl audit verify`: check hash chains, heads, evidence files and, optionally, a checkpoint.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that case histories are complete and unaltered, and evidence files intact.",
            discussion: """
                Recomputes every event's hash and link, checks seq is gapless and payloads canonical, compares each \
                case's stored version and head with its log, and re-hashes every evidence file. With --since, also \
                proves each case's history up to the checkpoint unchanged, which catches a rewritten and \
                consistently re-hashed tail, and that the store's checkpoints after it extend it (signed by \
                --trusted-key, no case dropped, no head changed), comparing history with every head they record; \
                --since needs --trusted-key, since a checkpoint's own key proves nothing. Without --since, \
                history is compared with the newest stored checkpoint. Prints each problem as 'case C seq N: \
                kind: expected …, found …', then which events no checkpoint covers yet ('N events across M \
                cases are after the newest checkpoint'). Exits 0 when clean, 1 on any finding.

                Examples:
                  accreditctl audit verify --as aud --all
                  accreditctl audit verify --as aud C-2026-0001
                  accreditctl audit verify --as aud --all --since checkpoint.json \\
                    --trusted-key "$(cat signing-key.pub)" --json
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        @Argument(help: "The case to verify (or use --all).")
        var caseID: String?

        @Flag(help: "Verify every case.")
        var all = false

        @Option(help: "A checkpoint file from 'audit checkpoint': prove history up to it unchanged.")
        var since: String?

        @OptionGroup var trust: TrustOptions

        func validate() throws {
            if caseID != nil && all { throw ValidationError("Please name one case or give --all, not both.") }
            guard caseID != nil || all else { throw ValidationError("Please name a case to verify, or give --all.") }
        }

        func run() throws {
            try reportingFailures {
                var checkpoint: Checkpoint?
                let anchors = try trust.resolve()
                if let since {
                    checkpoint = try AuditFiles.readCheckpoint(since, trusting: try trust.require(for: since))
                }
                let desk = try Context.desk()
                if let caseID {
                    try desk.requireRead(of: caseID, by: try who.actorID())
                } else {
                    try desk.require(.oversee, by: try who.actorID())
                }
                let verification = try desk.verifyStore(
                    caseID.map { .cases([$0]) } ?? .all, since: checkpoint, trusted: anchors.isEmpty ? nil : anchors)
                let report = verification.report
                AuditFiles.print(
                    report, json: output.json, store: try desk.settings.current(), coverage: verification.coverage)
                if !report.isClean { throw ExitCode(ExitStatus.refused.rawValue) }
            }
        }
    }
}

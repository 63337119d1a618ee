import AccreditAPI
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
                var body: [String: Value] = [:]
                let anchors = try trust.resolve()
                if let since {
                    let trusted = try trust.require(for: since)
                    _ = try AuditFiles.readCheckpoint(since, trusting: trusted)
                    body["since"] = .string(try AuditFiles.read(since, kind: "checkpoint") { $0 })
                }
                if !anchors.isEmpty {
                    body["trustedKeys"] = .array(
                        (anchors.publicKeys.map(HashChain.hex)
                            + anchors.fingerprints.map { KeyFingerprint.prefix + HashChain.hex($0) }).sorted().map(
                                Value.string))
                }
                let path = caseID.map { "/api/v1/cases/\(APICaller.segment($0))/audit" } ?? "/api/v1/audit/verify"
                let value = try APICaller(who).call(.post, path, body: .object(body))
                AuditFiles.print(report: value, json: output.json)
                if value["clean"]?.boolValue != true { throw ExitCode(ExitStatus.refused.rawValue) }
            }
        }
    }
}

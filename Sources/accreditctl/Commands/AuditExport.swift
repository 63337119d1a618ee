import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Audit {
    /// `accreditctl audit export CASE --out FILE`: write a self-contained bundle for offline audit.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export one case as a self-contained bundle that 'audit verify-bundle' checks offline.",
            discussion: """
                The bundle is one canonical JSON file (format accredit-bundle/1): the events with their hashes, the \
                pinned workflow and framework sources, the evidence metadata (and, with --with-files, the files \
                themselves, base64), and the latest checkpoint's signed fields with the case's head and its \
                inclusion proof. When the case has events the latest checkpoint does not cover, a checkpoint is \
                taken first, as 'audit checkpoint' takes one (verify, then sign; refused on any finding), so the \
                bundle is fully covered. See docs/audit.md.

                Examples:
                  accreditctl audit export --as aud C-2026-0001 --out C-2026-0001.bundle.json
                  accreditctl audit export --as aud C-2026-0001 --out C-2026-0001.bundle.json \\
                    --with-files
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        @OptionGroup var target: CaseArgument

        @OptionGroup var file: NewFileOption

        @Flag(help: "Include the evidence files' content.")
        var withFiles = false

        func run() throws {
            try reportingFailures {
                let (caseID, out) = (target.caseID, file.out)
                let caller = try APICaller(who)
                let path = "/api/v1/cases/\(APICaller.segment(caseID))"
                let covering = try caller.call(.post, path + "/checkpoint")
                if let taken = covering["checkpoint"]?.integerValue, !output.json {
                    Output.line("checkpoint \(taken) taken to cover \(caseID)")
                }
                let text = try caller.text(path + "/bundle", query: withFiles ? ["withFiles": "true"] : [:])
                let bundle = try CaseBundle.parse(text)
                try file.write(text)
                let checkpoint = bundle.checkpoint.map { "checkpoint of \($0.createdAt.iso8601)" } ?? "no checkpoint"
                if output.json {
                    Output.json([
                        "case": .string(caseID), "file": .string(out), "events": .integer(Int64(bundle.events.count)),
                        "evidence": .integer(Int64(bundle.evidence.count)), "withFiles": .bool(withFiles),
                        "checkpoint": bundle.checkpoint.map { .string($0.createdAt.iso8601) } ?? .null,
                    ])
                } else {
                    Output.line(
                        "case \(caseID): \(bundle.events.count) events, \(bundle.evidence.count) evidence item(s)"
                            + (withFiles ? " with files" : "") + ", \(checkpoint); written to \(out)")
                }
                if bundle.checkpoint == nil {
                    Output.warning(
                        "no checkpoint covers \(caseID) yet; run 'accreditctl audit checkpoint' and export again "
                            + "to bind the bundle to a signed root")
                }
            }
        }
    }
}

import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Evidence {
    /// `accreditctl evidence reuse CASE E-n`.
    struct Reuse: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "In a renewal, reuse evidence accepted in an earlier cycle, as the organisation.",
            discussion: """
                Only evidence an assessor accepted, and only for a criterion whose framework allows it \
                (reuse-evidence="true"): a new item of the current cycle with the same file, marked reused, \
                for the team to review afresh; the earlier item stays as it was. `evidence list` shows each \
                item's cycle.

                Examples:
                  accreditctl evidence list C-1 --as ann
                  accreditctl evidence reuse C-1 E-8 --as ann
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var item: EvidenceArguments

        func run() throws {
            try reportingFailures {
                let record = try APICaller(write.who.reader).call(
                    .post,
                    "/api/v1/cases/\(APICaller.segment(item.caseID))/evidence/"
                        + "\(APICaller.segment(item.evidenceID))/reuse",
                    body: .object([:]), idempotencyKey: write.request.requestID)
                func text(_ key: String) -> String { EvidenceView.text(record, key) }
                if write.output.json {
                    Output.json(record)
                } else {
                    Output.line(
                        "\(record["repeated"] == .bool(true) ? "already reused" : "reused") \(item.evidenceID) as "
                            + "\(text("evidence")) (\(text("file"))) for \(text("criterion")) in \(item.caseID), "
                            + "cycle \(text("cycle")) #\(text("seq")); it awaits the team's review")
                }
            }
        }
    }
}

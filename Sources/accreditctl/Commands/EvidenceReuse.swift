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
                (reuse-evidence="true"); it is submitted again in the current cycle, marked reused, for the \
                team to review afresh. `evidence list` shows each item's cycle.

                Examples:
                  accreditctl evidence list C-1 --as ann
                  accreditctl evidence reuse C-1 E-8 --as ann
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var item: EvidenceArguments

        func run() throws {
            try reportingFailures {
                let receipt = try APICaller(write.who.reader).call(
                    .post,
                    "/api/v1/cases/\(APICaller.segment(item.caseID))/evidence/"
                        + "\(APICaller.segment(item.evidenceID))/reuse",
                    body: .object([:]), idempotencyKey: write.request.requestID)
                EventReceipt.print(receipt, json: write.output.json)
            }
        }
    }
}

import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore

extension Accreditctl.Evidence {
    /// `accreditctl evidence accept CASE E-n`.
    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Accept submitted evidence, as an assessor.",
            discussion: """
                Examples:
                  accreditctl evidence accept C-1 E-2 --as alice
                """)

        @OptionGroup var who: ActorOptions

        @OptionGroup var request: RequestOption

        @OptionGroup var output: OutputOptions

        @Argument(help: ArgumentHelp("The case id.", valueName: "case"))
        var caseID: String

        @Argument(help: ArgumentHelp("The evidence id, such as E-1.", valueName: "evidence"))
        var evidenceID: String

        func run() throws {
            try reportingFailures {
                let outcome = try Context.desk().reviewEvidence(
                    caseID, evidence: evidenceID, accept: true, reason: nil, by: try who.actorID(), at: who.time,
                    requestID: request.requestID)
                EventReceipt.print(caseID: caseID, outcome: outcome, json: output.json)
            }
        }
    }
}

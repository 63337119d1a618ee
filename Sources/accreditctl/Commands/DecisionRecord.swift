import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Decision {
    /// `accreditctl decision record CASE OUTCOME [--justification TEXT]`.
    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the decision (sends decision.record).",
            discussion: """
                The outcome is one the case's framework declares (the shipped framework: accredited, \
                accredited-with-conditions or not-accredited; any other is refused by \
                decision.unknown-outcome). It must equal the outcome the award rules give (see: accreditctl \
                review summary CASE) unless a justification is given. Anyone who took part in the case's \
                evaluation is refused (rule impartiality.decision-maker). A workflow that names its decision \
                event differently is sent with: accreditctl case fire CASE EVENT --data '{"outcome": …}'.

                Examples:
                  accreditctl decision record C-1 accredited --as dana
                  accreditctl decision record C-1 accredited-with-conditions \\
                    --justification "board minutes confirmed at the visit" --as dana
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var target: CaseArgument

        @Argument(help: "An outcome the framework declares, such as accredited.")
        var outcome: String

        @Option(help: "Why, when the outcome differs from the one the rules give.")
        var justification: String?

        func run() throws {
            try reportingFailures {
                var data: [String: Value] = ["outcome": .string(outcome)]
                if let justification { data["justification"] = .string(justification) }
                try write.send("decision.record", data: .object(data), to: target.caseID)
            }
        }
    }
}

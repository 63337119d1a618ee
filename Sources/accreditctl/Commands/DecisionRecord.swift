import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Decision {
    /// `accreditctl decision record CASE OUTCOME [--justification TEXT]`.
    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the decision (sends the workflow's decide event, such as decision.record).",
            discussion: """
                The outcome is one the case's framework declares (the shipped framework: accredited, \
                accredited-with-conditions or not-accredited; any other is refused by \
                decision.unknown-outcome). It must equal the outcome the award rules give (see: accreditctl \
                review summary CASE) unless a justification is given. Anyone who took part in the case's \
                evaluation is refused (rule impartiality.decision-maker). The event sent is the one the \
                workflow declares with acc:action="decide" that the case accepts now; where several could be \
                meant (hearing an appeal, say), send it by name with case fire.

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
                try write.send(TransitionAction.decide, data: .object(data), to: target.caseID)
            }
        }
    }
}

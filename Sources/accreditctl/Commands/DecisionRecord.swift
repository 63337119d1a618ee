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
                The outcome is accredited, accredited-with-conditions or not-accredited. It must equal the \
                outcome the award rules give (see: accreditctl review summary CASE) unless a justification is \
                given. A decision maker who uploaded, rated or reviewed anything in the case is refused \
                (rule impartiality.decision-maker).

                Examples:
                  accreditctl decision record C-1 accredited --as dana
                  accreditctl decision record C-1 accredited-with-conditions \\
                    --justification "board minutes confirmed at the visit" --as dana
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var target: CaseArgument

        @Argument(help: "The outcome: accredited, accredited-with-conditions or not-accredited.")
        var outcome: String

        @Option(help: "Why, when the outcome differs from the one the rules give.")
        var justification: String?

        func validate() throws {
            let outcomes = ["accredited", "accredited-with-conditions", "not-accredited"]
            guard outcomes.contains(outcome) else {
                throw ValidationError("Please give an outcome of \(outcomes.joined(separator: ", ")).")
            }
        }

        func run() throws {
            try reportingFailures {
                var data: [String: Value] = ["outcome": .string(outcome)]
                if let justification { data["justification"] = .string(justification) }
                try write.send("decision.record", data: .object(data), to: target.caseID)
            }
        }
    }
}

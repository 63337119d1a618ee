import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore

extension Accreditctl.Review {
    /// `accreditctl review summary CASE`.
    struct Summary: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show evidence coverage, ratings, and the outcome the framework's award rules give.",
            discussion: """
                Examples:
                  accreditctl review summary C-1 --as lee
                  accreditctl review summary C-1 --as dana --json
                """)

        @OptionGroup var who: ActorOptions

        @OptionGroup var output: OutputOptions

        @Argument(help: ArgumentHelp("The case id.", valueName: "case"))
        var caseID: String

        func run() throws {
            try reportingFailures {
                let open = try Context.desk().view(caseID, as: try who.actorID())
                if output.json {
                    var fields = AssessmentView.fields(open)
                    fields["case"] = .string(caseID)
                    Output.json(.object(fields))
                } else {
                    Output.line("Review of \(caseID) (\(open.state.status))")
                    Output.line()
                    AssessmentView.print(open)
                }
            }
        }
    }
}

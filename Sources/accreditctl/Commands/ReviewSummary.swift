import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

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

        @OptionGroup var target: CaseArgument

        func run() throws {
            try reportingFailures {
                let caseID = target.caseID
                let open = try Context.desk().view(caseID, as: try who.actorID())
                AssessmentView.print(
                    open, json: output.json, fields: ["case": .string(caseID)],
                    heading: ["Review of \(caseID) (\(open.state.status))", ""])
            }
        }
    }
}

import AccreditAPI
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
                // The case's document carries the assessment: the same read, and the same rules, as case show.
                let value = try APICaller(who.reader).call(.get, "/api/v1/cases/\(APICaller.segment(caseID))")
                let review = value.keeping(["coverage", "ratings", "selfAssessments", "outcome"]).merging([
                    "case": .string(caseID)
                ])
                if output.json {
                    Output.json(review)
                    return
                }
                Output.line("Review of \(caseID) (\(value.text("status")))")
                Output.line("")
                AssessmentView.print(review)
            }
        }
    }
}

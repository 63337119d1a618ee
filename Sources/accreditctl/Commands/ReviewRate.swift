import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Review {
    /// `accreditctl review rate CASE CRITERION RATING [--note TEXT]`.
    struct Rate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rate a criterion (sends the workflow's rate event, such as review.rate), as an assessor.",
            discussion: """
                The rating is a level of the framework's scale: not-met, partially-met, met or exceeded in the \
                shipped framework.

                Examples:
                  accreditctl review rate C-1 SL-1.1 met --as alice
                  accreditctl review rate C-1 LD-1.2 partially-met --note "no board minutes" \\
                    --as alice
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var target: CaseArgument

        @Argument(help: "The criterion id, such as SL-1.1.")
        var criterion: String

        @Argument(help: "The rating level, such as met.")
        var rating: String

        @Option(help: "A note explaining the rating.")
        var note: String?

        func run() throws {
            try reportingFailures {
                var data: [String: Value] = ["criterion": .string(criterion), "rating": .string(rating)]
                if let note { data["note"] = .string(note) }
                try write.send(TransitionAction.rate, data: .object(data), to: target.caseID)
            }
        }
    }
}

import AccreditEngine
import ArgumentParser
import EvidenceStore

extension Accreditctl {
    /// `accreditctl review`: assessors' ratings and the assessment they give.
    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "review",
            abstract: "Rate criteria and see the assessment: coverage, ratings and the outcome the rules give.",
            discussion: """
                Examples:
                  accreditctl review rate C-1 SL-1.1 met --as alice
                  accreditctl review rate C-1 LD-1.2 partially-met --note "no board minutes" \\
                    --as alice
                  accreditctl review summary C-1 --as lee --json
                """,
            subcommands: [Rate.self, Summary.self]
        )
    }
}

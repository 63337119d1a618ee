import AccreditEngine
import ArgumentParser
import Statecharts

extension Accreditctl.Finding {
    /// `accreditctl finding raise CASE CRITERION SEVERITY --statement TEXT`.
    struct Raise: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Raise a finding against a criterion, as an assessor (sends the workflow's raise-finding event).",
            discussion: """
                The finding gets the next id (F-1, F-2, …) and, unless --within says less, the severity's time to \
                respond.

                Examples:
                  accreditctl finding raise C-1 CU-3.1 major --evidence E-31 \\
                    --statement "No safety culture survey since 2023" --as alice
                  accreditctl finding raise C-1 PE-1.2 observation \\
                    --statement "Leaflets only in English" --as alice
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var target: CaseArgument

        @Argument(help: "The criterion id, such as SL-1.1.")
        var criterion: String

        @Argument(help: "The severity, such as major.")
        var severity: String

        @Option(help: "What was found.")
        var statement: String

        @Option(help: "An evidence item the finding rests on, such as E-3 (repeat for more).")
        var evidence: [String] = []

        @Option(help: "Less time to respond than the severity gives, as an ISO 8601 duration such as P30D.")
        var within: String?

        func run() throws {
            try reportingFailures {
                var data: [String: Value] = [
                    "criterion": .string(criterion), "severity": .string(severity), "statement": .string(statement),
                ]
                if !evidence.isEmpty { data["evidence"] = .array(evidence.map(Value.string)) }
                if let within { data["respondWithin"] = .string(within) }
                try write.send(TransitionAction.raiseFinding, data: .object(data), to: target.caseID)
            }
        }
    }
}

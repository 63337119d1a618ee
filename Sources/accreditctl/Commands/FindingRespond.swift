import AccreditEngine
import ArgumentParser
import Statecharts

extension Accreditctl.Finding {
    /// `accreditctl finding respond CASE FINDING --response TEXT`.
    struct Respond: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Answer an open finding with the corrective action taken, as the organisation.",
            discussion: """
                Upload the evidence first (accreditctl evidence upload), then name it here.

                Examples:
                  accreditctl finding respond C-1 F-1 --response "Survey run in May" \\
                    --evidence E-40 --as ann
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var finding: FindingArguments

        @Option(help: "The corrective action taken.")
        var response: String

        @Option(help: "An evidence item that shows it, such as E-40 (repeat for more).")
        var evidence: [String] = []

        func run() throws {
            try reportingFailures {
                var data: [String: Value] = ["finding": .string(finding.findingID), "response": .string(response)]
                if !evidence.isEmpty { data["evidence"] = .array(evidence.map(Value.string)) }
                try write.send(TransitionAction.respondFinding, data: .object(data), to: finding.caseID)
            }
        }
    }

    /// `accreditctl finding close CASE FINDING [--note TEXT]`.
    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify an answered finding's corrective action and close it, as an assessor.",
            discussion: """
                Examples:
                  accreditctl finding close C-1 F-1 --note "Results seen by team" --as alice
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var finding: FindingArguments

        @Option(help: "What was verified.")
        var note: String?

        func run() throws {
            try reportingFailures {
                var data: [String: Value] = ["finding": .string(finding.findingID)]
                if let note { data["note"] = .string(note) }
                try write.send(TransitionAction.closeFinding, data: .object(data), to: finding.caseID)
            }
        }
    }

    /// `accreditctl finding reopen CASE FINDING --reason TEXT [--within DURATION]`.
    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reopen an answered finding whose corrective action is not enough, with a new date.",
            discussion: """
                The organisation gets the severity's time to respond again, or less with --within.

                Examples:
                  accreditctl finding reopen C-1 F-1 --reason "Two wards missing" \\
                    --within P30D --as alice
                """)

        @OptionGroup var write: WriteOptions

        @OptionGroup var finding: FindingArguments

        @Option(help: "Why the response is not enough.")
        var reason: String

        @Option(help: "Less time to respond than the severity gives, as an ISO 8601 duration such as P30D.")
        var within: String?

        func run() throws {
            try reportingFailures {
                var data: [String: Value] = ["finding": .string(finding.findingID), "reason": .string(reason)]
                if let within { data["respondWithin"] = .string(within) }
                try write.send(TransitionAction.reopenFinding, data: .object(data), to: finding.caseID)
            }
        }
    }
}

import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Case {
    /// `accreditctl case show CASE`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a case: states, deadlines, evidence coverage, ratings and the computed outcome.",
            discussion: """
                Applicants see only their own organisation's cases.

                Examples:
                  accreditctl case show C-1 --as sec
                  accreditctl case show C-1 --as lee --json
                """)

        @OptionGroup var who: ActorOptions

        @OptionGroup var output: OutputOptions

        @OptionGroup var target: CaseArgument

        func run() throws {
            try reportingFailures {
                let value = try APICaller(who.reader).call(.get, "/api/v1/cases/\(APICaller.segment(target.caseID))")
                if output.json {
                    Output.json(value)
                    return
                }
                func text(_ key: String) -> String { value[key]?.stringValue ?? "" }
                let deadlines = value["deadlines"]?.arrayValue ?? []
                let configuration = (value["configuration"]?.arrayValue ?? []).compactMap(\.stringValue)
                var version = ""
                if case .integer(let number)? = value["version"] { version = String(number) }
                // A renewal's cycle; the first cycle says nothing.
                var cycle: [String] = []
                if case .integer(let number)? = value["cycle"], number > 1 {
                    cycle = ["Assessment cycle \(number), begun by a renewal on \(text("cycleStartedAt"))"]
                }
                let heading =
                    [
                        "Case \(text("case")) for \(text("organisation")), version \(version)",
                        "  workflow \(text("workflow")), framework \(text("framework"))", "Status: \(text("status"))",
                    ] + cycle + [
                        "Active states: \(configuration.joined(separator: ", "))", "",
                        "Open deadlines:\(deadlines.isEmpty ? " none" : "")",
                    ]
                    + deadlines.map {
                        "  \($0["due"]?.stringValue ?? "")  \($0["event"]?.stringValue ?? "")  "
                            + "(\($0["timer"]?.stringValue ?? ""))"
                    } + [""]
                for line in heading { Output.line(line) }
                AssessmentView.print(value)
            }
        }
    }
}

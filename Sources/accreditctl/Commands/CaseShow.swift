import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore

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

        @Argument(help: ArgumentHelp("The case id.", valueName: "case"))
        var caseID: String

        func run() throws {
            try reportingFailures {
                let open = try Context.desk().view(caseID, as: try who.actorID())
                let head = open.head
                let deadlines = open.state.snapshot.pendingTimers.sorted { $0.due < $1.due }
                if output.json {
                    var fields = AssessmentView.fields(open)
                    fields["case"] = .string(head.caseID)
                    fields["organisation"] = .string(head.organisationID)
                    fields["workflow"] = .string("\(head.workflow.name)@\(head.workflow.version)")
                    fields["framework"] = .string("\(head.framework.name)@\(head.framework.version)")
                    fields["status"] = .string(open.state.status)
                    fields["version"] = .integer(head.version)
                    fields["configuration"] = .array(open.state.snapshot.configuration.map(Value.string))
                    fields["deadlines"] = .array(
                        deadlines.map {
                            ["timer": .string($0.id), "event": .string($0.event.name), "due": .string($0.due.iso8601)]
                        })
                    Output.json(.object(fields))
                    return
                }
                Output.line("Case \(head.caseID) for \(head.organisationID), version \(head.version)")
                Output.line(
                    "  workflow \(head.workflow.name)@\(head.workflow.version), framework \(head.framework.name)@\(head.framework.version)"
                )
                Output.line("Status: \(open.state.status)")
                Output.line("Active states: \(open.state.snapshot.configuration.joined(separator: ", "))")
                Output.line()
                Output.line("Open deadlines:\(deadlines.isEmpty ? " none" : "")")
                for timer in deadlines { Output.line("  \(timer.due.iso8601)  \(timer.event.name)  (\(timer.id))") }
                Output.line()
                AssessmentView.print(open)
            }
        }
    }
}

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
                let open = try Context.desk().view(target.caseID, as: try who.actorID())
                let head = open.head
                let deadlines = open.state.snapshot.pendingTimers.sorted { $0.due < $1.due }
                let workflow = "\(head.workflow.name)@\(head.workflow.version)"
                let framework = "\(head.framework.name)@\(head.framework.version)"
                let fields: [String: Value] = [
                    "case": .string(head.caseID), "organisation": .string(head.organisationID),
                    "workflow": .string(workflow), "framework": .string(framework),
                    "status": .string(open.state.status), "version": .integer(head.version),
                    "configuration": .array(open.state.snapshot.configuration.map(Value.string)),
                    "deadlines": .array(
                        deadlines.map {
                            ["timer": .string($0.id), "event": .string($0.event.name), "due": .string($0.due.iso8601)]
                        }),
                ]
                let heading =
                    [
                        "Case \(head.caseID) for \(head.organisationID), version \(head.version)",
                        "  workflow \(workflow), framework \(framework)", "Status: \(open.state.status)",
                        "Active states: \(open.state.snapshot.configuration.joined(separator: ", "))", "",
                        "Open deadlines:\(deadlines.isEmpty ? " none" : "")",
                    ] + deadlines.map { "  \($0.due.iso8601)  \($0.event.name)  (\($0.id))" } + [""]
                AssessmentView.print(open, json: output.json, fields: fields, heading: heading)
            }
        }
    }
}

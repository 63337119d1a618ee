import AccreditEngine
import ArgumentParser
import Statecharts
import Workflows

extension Accreditctl.Workflow {
    /// `accreditctl workflow show FILE`: prints a workflow's states, events with their roles, and deadlines.
    struct Show: WorkflowRendering {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print a workflow's states, events with the roles that may send them, and its deadlines.",
            discussion: """
                The file is validated first; errors are printed on stderr and exit 2. Events without acc:roles \
                are listed with the role system: only the system (timers) may send them.

                Examples:
                  accreditctl workflow show \\
                    Definitions/workflows/patient-safety-accreditation.scxml
                  accreditctl workflow show --json my-workflow.scxml | jq .events
                """
        )

        @OptionGroup var output: OutputOptions

        @Argument(help: "The workflow file to show.")
        var file: String

        /// The text or JSON to print.
        func render(_ loaded: LoadedWorkflow) -> String {
            let summary = WorkflowSummary(loaded.document)
            guard output.json else {
                return "workflow: \(loaded.identity)\n" + summary.text
            }
            var value = summary.json
            if case .object(var members) = value {
                members["identity"] = .object([
                    "name": .string(loaded.identity.name), "version": .string(loaded.identity.version),
                    "sha256": .string(loaded.identity.sha256),
                ])
                value = .object(members)
            }
            return CanonicalJSON.encode(value) + "\n"
        }
    }
}

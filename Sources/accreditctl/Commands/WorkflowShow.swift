import AccreditEngine
import ArgumentParser
import Statecharts
import Workflows

extension Accreditctl.Workflow {
    /// `accreditctl workflow show FILE`: prints a workflow's states, events with their roles, and deadlines.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print a workflow's states, events with the roles that may send them, and its deadlines.",
            discussion: """
                The file is validated first; errors are printed on stderr and exit 2. Events without acc:roles \
                are listed with the role system: only the system (timers) may send them.

                Examples:
                  accreditctl workflow show Definitions/workflows/patient-safety-accreditation.scxml
                  accreditctl workflow show --json my-workflow.scxml | jq .events
                """
        )

        @Flag(name: .long, help: "Print JSON instead of text.")
        var json = false

        @Argument(help: "The workflow file to show.")
        var file: String

        func run() throws {
            try DiagnosticOutput.print(output)
        }

        /// The text or JSON to print; warnings go to stderr.
        func output() throws(XMLDiagnostics) -> String {
            let loaded = try WorkflowReader.load(fileAt: file)
            for warning in loaded.warnings { StandardError.print(warning.description) }
            let summary = WorkflowSummary(loaded.document)
            guard json else {
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

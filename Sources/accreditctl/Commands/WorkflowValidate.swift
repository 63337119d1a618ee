import AccreditEngine
import ArgumentParser
import Workflows

extension Accreditctl.Workflow {
    /// `accreditctl workflow validate FILE...`: reports every problem in accreditation workflows.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check workflow files against the schema and the static checks.",
            discussion: """
                Prints every problem as file:line:column: severity: rule: message, one per line, on stderr. \
                Exits 0 when no file has an error (warnings are printed but do not fail), 2 otherwise. \
                Criteria ids are checked against the framework named by acc:framework, looked up in \
                ../frameworks/ or beside the workflow, or given with --framework.

                Examples:
                  accreditctl workflow validate Definitions/workflows/patient-safety-accreditation.scxml
                  accreditctl workflow validate --framework my-framework.xml my-workflow.scxml
                """
        )

        @Option(help: "The framework file to check criteria ids against.")
        var framework: String?

        @Argument(help: "The workflow files to check.")
        var files: [String]

        func validate() throws {
            guard !files.isEmpty else {
                throw ValidationError("Please name at least one workflow file to validate.")
            }
        }

        func run() throws {
            var failed = false
            var expected: AccreditEngine.Framework?
            if let framework {
                do {
                    expected = try FrameworkReader.loadFramework(fileAt: framework).framework
                } catch {
                    for diagnostic in error.items { StandardError.print(diagnostic.description) }
                    throw ExitCode(2)
                }
            }
            for file in files {
                let diagnostics = WorkflowReader.diagnose(fileAt: file, framework: expected)
                for diagnostic in diagnostics { StandardError.print(diagnostic.description) }
                failed = failed || diagnostics.contains { $0.severity == .error }
            }
            if failed { throw ExitCode(2) }
        }
    }
}

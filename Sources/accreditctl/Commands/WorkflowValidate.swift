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
                Prints every problem as file:line:column: severity: rule: message, one per line, on stderr, \
                and for each file without errors what was checked on stdout ('ok: workflow NAME@VERSION (FILE): \
                XSD …, N static checks, M states, K transitions, roles …'). With --json, one JSON line per file \
                on stdout instead (schema in docs/cli.md). Exits 0 when no file has an error (warnings are printed \
                but do not fail), 2 otherwise. Criteria ids are checked against the framework named by \
                acc:framework, looked up in ../frameworks/ or beside the workflow, or given with --framework.

                Examples:
                  accreditctl workflow validate \\
                    Definitions/workflows/patient-safety-accreditation.scxml
                  accreditctl workflow validate --framework my-framework.xml my-workflow.scxml
                """
        )

        @OptionGroup var output: OutputOptions

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
            let expected = try framework.map { path in
                try DiagnosticOutput.loading { () throws(XMLDiagnostics) in
                    try FrameworkReader.loadFramework(fileAt: path).framework
                }
            }
            try DiagnosticOutput.validate(files, json: output.json) { file in
                do throws(XMLDiagnostics) {
                    let loaded = try WorkflowReader.load(fileAt: file, framework: expected)
                    return (XMLDiagnostics(loaded.warnings), ValidationSummary(loaded))
                } catch {
                    return (error, nil)
                }
            }
        }
    }
}

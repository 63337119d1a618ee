import ArgumentParser
import Workflows

extension Accreditctl {
    /// `accreditctl framework validate FILE...`: reports every problem in framework and crosswalk files.
    struct FrameworkValidate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check framework and crosswalk files against the schema and the static checks.",
            discussion: """
                Prints every problem as file:line:column: severity: rule: message, one per line, on stderr, \
                and for each file without errors what was checked on stdout ('ok: framework NAME@VERSION \
                (FILE): XSD …, N static checks, F foundations, …'). With --json, one JSON line per file on stdout \
                instead (schema in docs/cli.md). Exits 0 when no file has an error (warnings are printed but do \
                not fail), 2 otherwise. A crosswalk is checked against the two frameworks its from-href and \
                to-href name.

                Examples:
                  accreditctl framework validate my-framework.xml
                  accreditctl framework validate Definitions/frameworks/*.xml
                """
        )

        @OptionGroup var output: OutputOptions

        @Argument(help: "The framework or crosswalk files to check.")
        var files: [String]

        func validate() throws {
            guard !files.isEmpty else {
                throw ValidationError("Please name at least one framework or crosswalk file to validate.")
            }
        }

        func run() throws {
            try DiagnosticOutput.validate(files, json: output.json) { file in
                do throws(XMLDiagnostics) {
                    let loaded = try FrameworkReader.load(fileAt: file)
                    return (XMLDiagnostics(loaded.warnings), ValidationSummary(loaded))
                } catch {
                    return (error, nil)
                }
            }
        }
    }
}

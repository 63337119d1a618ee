import AccreditEngine
import ArgumentParser
import Workflows

extension Accreditctl {
    /// `accreditctl framework show FILE`: prints a framework's outline, or its JSON form.
    struct FrameworkShow: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print a framework's foundations, standards, criteria, rating scale and award rules.",
            discussion: """
                Mandatory criteria are marked with *, and each criterion shows how many evidence items it \
                expects. With --json, prints the whole framework and its identity as JSON for scripts.

                Examples:
                  accreditctl framework show patient-safety-standards-v1.xml
                  accreditctl framework show --json framework.xml | jq .foundations
                """
        )

        @OptionGroup var output: OutputOptions

        @Argument(help: "The framework file to show.")
        var file: String

        func run() throws {
            try DiagnosticOutput.print(rendered)
        }

        /// The outline or JSON to print; warnings go to stderr.
        func rendered() throws(XMLDiagnostics) -> String {
            let loaded = try FrameworkReader.loadFramework(fileAt: file)
            DiagnosticOutput.report(loaded.warnings)
            return output.json ? FrameworkOutline.json(loaded) : FrameworkOutline.text(loaded)
        }
    }
}

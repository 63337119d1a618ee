import ArgumentParser
import Workflows

/// A command that loads one accreditation workflow file and prints a rendering of it (`workflow show`, `graph`):
/// warnings go to stderr, and errors are printed there with exit 2.
protocol WorkflowRendering: ParsableCommand {
    /// The workflow file.
    var file: String { get }

    /// The text to print for a loaded workflow.
    func render(_ loaded: LoadedWorkflow) -> String
}

extension WorkflowRendering {
    func run() throws {
        try DiagnosticOutput.print(rendered)
    }

    /// The text to print; warnings go to stderr.
    func rendered() throws(XMLDiagnostics) -> String {
        let loaded = try WorkflowReader.load(fileAt: file)
        DiagnosticOutput.report(loaded.warnings)
        return render(loaded)
    }
}

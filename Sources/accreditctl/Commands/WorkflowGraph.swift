import AccreditEngine
import ArgumentParser
import Workflows

extension WorkflowDiagram.Format: ExpressibleByArgument {}

extension Accreditctl.Workflow {
    /// `accreditctl workflow graph FILE --format mermaid|dot`: draws a workflow.
    struct Graph: WorkflowRendering {
        static let configuration = CommandConfiguration(
            commandName: "graph",
            abstract: "Draw a workflow as a Mermaid state diagram or a Graphviz graph.",
            discussion: """
                Compound and parallel states become nested blocks (parallel regions are separated by --), \
                and each edge is labelled with its event and the roles that may send it. The file is \
                validated first; errors are printed on stderr and exit 2.

                Examples:
                  accreditctl workflow graph \\
                    Definitions/workflows/patient-safety-accreditation.scxml
                  accreditctl workflow graph --format dot my.scxml | dot -Tsvg > workflow.svg
                """
        )

        @Option(help: "The diagram format: mermaid or dot.")
        var format: WorkflowDiagram.Format = .mermaid

        @Argument(help: "The workflow file to draw.")
        var file: String

        /// The diagram text.
        func render(_ loaded: LoadedWorkflow) -> String {
            WorkflowDiagram.render(loaded.document, format: format)
        }
    }
}

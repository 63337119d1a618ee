import AccreditEngine
import ArgumentParser
import EvidenceStore

extension Accreditctl {
    /// `accreditctl workflow`: commands for workflow authors.
    struct Workflow: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "workflow",
            abstract: "Check, show, draw, try out and publish SCXML workflow definitions.",
            discussion: """
                Examples:
                  accreditctl workflow validate Definitions/workflows/*.scxml
                  accreditctl workflow graph --format mermaid \\
                    Definitions/workflows/patient-safety-accreditation.scxml
                  accreditctl workflow publish --as sec \\
                    Definitions/workflows/patient-safety-accreditation.scxml
                """,
            subcommands: [Validate.self, Show.self, Graph.self, Simulate.self, Publish.self]
        )
    }
}

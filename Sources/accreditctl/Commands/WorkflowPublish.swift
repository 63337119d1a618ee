import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts
import Workflows

extension Accreditctl.Workflow {
    /// `accreditctl workflow publish FILE [--framework FILE]`.
    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Validate a workflow with every static check, then publish it under its name and version.",
            discussion: """
                Criteria ids are checked against --framework, or else against the published version of the \
                framework the workflow declares (acc:framework, acc:framework-version), which must be published \
                first, with accreditctl framework publish. A published workflow is self-contained: one that \
                names a file to load (src on <data>, <invoke> or <script>) is refused (exit 2). A role keeps one kind in every published workflow: a workflow that declares a role with \
                another kind than a published one declares for it is refused (exit 1). Publishing the same content \
                again is a no-op; changed content under a published version is refused.

                Examples:
                  accreditctl workflow publish --as sec \\
                    Definitions/workflows/patient-safety-accreditation.scxml
                  accreditctl workflow publish --as sec --framework my-framework.xml \\
                    my-workflow.scxml
                """)

        @OptionGroup var who: ReaderOptions

        @Option(help: "The framework file to check criteria ids against.")
        var framework: String?

        @Argument(help: "The workflow file.")
        var file: String

        func run() throws {
            try reportingFailures {
                guard case .object(var body) = try DefinitionSource.read(file) else { return }
                if let framework { body["framework"] = try DefinitionSource.read(framework) }
                let published = try APICaller(who).call(.post, "/api/v1/workflows", body: .object(body))
                Output.line(DefinitionSource.line(published))
            }
        }
    }
}

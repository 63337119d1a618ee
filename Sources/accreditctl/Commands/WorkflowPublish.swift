import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Workflows

extension Accreditctl.Workflow {
    /// `accreditctl workflow publish FILE [--framework FILE]`.
    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Validate a workflow with every static check, then publish it under its name and version.",
            discussion: """
                Criteria ids are checked against --framework, or the framework acc:framework names, found in \
                ../frameworks/ or beside the workflow. The framework version the workflow declares \
                (acc:framework, acc:framework-version) must be published first, with accreditctl framework \
                publish. A role keeps one kind in every published workflow: a workflow that declares a role with \
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
                let expected = try framework.map { try FrameworkReader.loadFramework(fileAt: $0).framework }
                let desk = try who.desk(requiring: .publish)
                let (identity, isNew) = try desk.publisher
                    .publishWorkflow(fileAt: file, framework: expected)
                Output.line(
                    "\(isNew ? "published" : "already published") workflow \(identity.name)@\(identity.version)")
            }
        }
    }
}

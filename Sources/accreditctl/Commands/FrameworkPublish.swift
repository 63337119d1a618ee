import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore

extension Accreditctl.Framework {
    /// `accreditctl framework publish FILE`.
    struct FrameworkPublish: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Validate a framework fully, then publish it under its name and version for new cases.",
            discussion: """
                Publishing the same content again is a no-op; changed content under a published version is \
                refused: give it a new version.

                Examples:
                  accreditctl framework publish --as sec \\
                    Definitions/frameworks/patient-safety-standards-v1.xml
                """)

        @OptionGroup var who: ReaderOptions

        @Argument(help: "The framework file.")
        var file: String

        func run() throws {
            try reportingFailures {
                let published = try APICaller(who).call(
                    .post, "/api/v1/frameworks", body: try DefinitionSource.read(file))
                Output.line(DefinitionSource.line(published))
            }
        }
    }
}

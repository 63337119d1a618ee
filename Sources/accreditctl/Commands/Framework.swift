import AccreditEngine
import ArgumentParser
import EvidenceStore

extension Accreditctl {
    /// `accreditctl framework`: validates and shows standards frameworks and crosswalks.
    struct Framework: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "framework",
            abstract: "Validate and show standards frameworks and crosswalks.",
            discussion: """
                Frameworks and crosswalks are XML in the namespace urn:accredit:framework:1 \
                (Definitions/schema/framework.xsd); see docs/frameworks.md.

                Examples:
                  accreditctl framework validate Definitions/frameworks/*.xml
                  accreditctl framework show patient-safety-standards-v1.xml
                  accreditctl framework publish --as sec \\
                    Definitions/frameworks/patient-safety-standards-v1.xml
                """,
            subcommands: [FrameworkValidate.self, FrameworkShow.self, FrameworkPublish.self]
        )
    }
}

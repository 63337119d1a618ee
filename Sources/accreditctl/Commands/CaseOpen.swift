import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore

extension Accreditctl.Case {
    /// `accreditctl case open CASE --organisation ORG [--workflow NAME@VERSION] [--framework NAME@VERSION]`.
    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a case for an organisation on published workflow and framework versions.",
            discussion: """
                The secretariat, or an applicant of the organisation, may open a case. The versions are pinned \
                for the life of the case.

                Examples:
                  accreditctl case open C-1 --organisation riverside --as sec
                  accreditctl case open C-2 --organisation hillside --workflow patient-safety-accreditation@1 \\
                      --framework patient-safety-standards@1 --as sec
                """)

        @OptionGroup var who: ActorOptions

        @Argument(help: ArgumentHelp("The new case's id.", valueName: "case"))
        var caseID: String

        @Option(help: "The organisation the case is for.")
        var organisation: String

        @Option(help: "The workflow as NAME@VERSION.")
        var workflow = "patient-safety-accreditation@1"

        @Option(help: "The framework as NAME@VERSION.")
        var framework = "patient-safety-standards@1"

        func validate() throws {
            guard Self.reference(workflow) != nil else {
                throw ValidationError("Please give --workflow as NAME@VERSION, such as patient-safety-accreditation@1.")
            }
            guard Self.reference(framework) != nil else {
                throw ValidationError("Please give --framework as NAME@VERSION, such as patient-safety-standards@1.")
            }
        }

        func run() throws {
            try reportingFailures {
                guard let workflow = Self.reference(workflow), let framework = Self.reference(framework) else { return }
                let open = try Context.desk().openCase(
                    caseID, organisation: organisation, workflow: workflow, framework: framework,
                    by: try who.actorID(), at: who.time)
                Output.line("opened case \(caseID) for \(organisation): \(open.state.status)")
            }
        }

        /// Parses `NAME@VERSION`.
        static func reference(_ text: String) -> DefinitionReference? {
            guard let at = text.lastIndex(of: "@") else { return nil }
            let name = String(text[..<at])
            let version = String(text[text.index(after: at)...])
            return name.isEmpty || version.isEmpty ? nil : DefinitionReference(name: name, version: version)
        }
    }
}

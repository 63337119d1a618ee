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
                for the life of the case. Without --framework, the case uses the framework the workflow declares \
                (acc:framework and acc:framework-version on <scxml>); a workflow that declares none needs \
                --framework.

                Examples:
                  accreditctl case open C-1 --organisation riverside --as sec
                  accreditctl case open C-2 --organisation hillside \\
                    --workflow patient-safety-accreditation@1 --as sec
                  accreditctl case open C-3 --organisation hillside --workflow my-workflow@2 \\
                    --framework my-framework@1 --as sec
                """)

        @OptionGroup var who: ActorOptions

        @Argument(help: ArgumentHelp("The new case's id.", valueName: "case"))
        var caseID: String

        @Option(help: "The organisation the case is for.")
        var organisation: String

        @Option(help: "The workflow as NAME@VERSION.")
        var workflow = "patient-safety-accreditation@1"

        @Option(help: "The framework as NAME@VERSION (default: the one the workflow declares).")
        var framework: String?

        func validate() throws {
            guard Self.reference(workflow) != nil else {
                throw ValidationError("Please give --workflow as NAME@VERSION, such as patient-safety-accreditation@1.")
            }
            if let framework, Self.reference(framework) == nil {
                throw ValidationError("Please give --framework as NAME@VERSION, such as patient-safety-standards@1.")
            }
        }

        func run() throws {
            try reportingFailures {
                guard let workflow = Self.reference(workflow) else { return }
                let open = try Context.desk().openCase(
                    caseID, organisation: organisation, workflow: workflow,
                    framework: framework.flatMap(Self.reference),
                    by: try who.actorID())
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

import ArgumentParser
import EvidenceStore

/// The arguments that name a new case and pin its definitions, shared by `case open` and `case import`.
struct NewCaseOptions: ParsableArguments {
    @Argument(
        help: ArgumentHelp(
            "The new case's id (an administrator's choice; left out, the store chooses one).", valueName: "case"))
    var caseID: String?

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

    /// The workflow version (`validate` has checked that it parses).
    var workflowReference: DefinitionReference? { Self.reference(workflow) }

    /// The framework version, or nil for the one the workflow declares.
    var frameworkReference: DefinitionReference? { framework.flatMap(Self.reference) }

    /// Parses `NAME@VERSION`.
    static func reference(_ text: String) -> DefinitionReference? {
        guard let at = text.lastIndex(of: "@") else { return nil }
        let name = String(text[..<at])
        let version = String(text[text.index(after: at)...])
        return name.isEmpty || version.isEmpty ? nil : DefinitionReference(name: name, version: version)
    }
}

import EvidenceStore
import Workflows

extension CaseDesk {
    /// The framework version a published workflow declares (`acc:framework`, `acc:framework-version`).
    ///
    /// - Throws: ``StoreError`` `.definitionNotPublished` when the workflow is not published, ``CaseServiceError``
    ///   `.frameworkUndeclared` when it declares no framework, ``XMLDiagnostics`` when its source no longer reads.
    public func declaredFramework(of workflow: DefinitionReference) throws -> DefinitionReference {
        let record = try catalog.definition(.workflow, workflow)
        let document = try SCXMLLoader.loadStored(
            Array(record.source.utf8), file: "\(workflow.name)@\(workflow.version)")
        guard let declared = Publisher.declaredFramework(of: document) else {
            throw CaseServiceError(
                code: .frameworkUndeclared,
                message: "workflow \(workflow.name)@\(workflow.version) declares no framework (no acc:framework on "
                    + "<scxml>), so the case's framework cannot be chosen for you")
        }
        return declared
    }
}

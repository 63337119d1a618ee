import AccreditEngine
import Crypto
import EvidenceStore
import Workflows

/// A case's pinned workflow and framework, loaded from the sources stored in the database (never from disk).
public struct CaseDefinitions {
    /// The decision core built from them.
    public let machine: CaseMachine
    /// The hash recorded in every event envelope: SHA-256 over both definitions' hashes.
    public let definitionHash: String
    /// The workflow's published record.
    public let workflow: PublishedDefinition
    /// The framework's published record.
    public let framework: PublishedDefinition

    /// Loads and compiles the pinned versions.
    ///
    /// - Throws: ``StoreError`` when a version is not published, ``XMLDiagnostics`` when a stored source no longer
    ///   loads, ``DocumentError`` when the workflow cannot be compiled.
    public init(catalog: DefinitionCatalog, workflow: DefinitionReference, framework: DefinitionReference) throws {
        let workflowRecord = try catalog.definition(.workflow, workflow)
        let frameworkRecord = try catalog.definition(.framework, framework)
        let loadedFramework = try FrameworkReader.loadFramework(
            Array(frameworkRecord.source.utf8), file: "\(framework.name)@\(framework.version)")
        let document = try SCXMLLoader.loadStored(
            Array(workflowRecord.source.utf8), file: "\(workflow.name)@\(workflow.version)")
        self.machine = try CaseMachine(document: document, framework: loadedFramework.framework)
        self.workflow = workflowRecord
        self.framework = frameworkRecord
        self.definitionHash = Self.combinedHash(workflow: workflowRecord.sha256, framework: frameworkRecord.sha256)
    }

    /// SHA-256 (hex) of `workflow-sha256:framework-sha256`.
    public static func combinedHash(workflow: String, framework: String) -> String {
        HashChain.hex(Array(SHA256.hash(data: Array("\(workflow):\(framework)".utf8))))
    }
}

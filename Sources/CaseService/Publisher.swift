import AccreditEngine
import EvidenceStore
import Statecharts
import Workflows

/// Publishes workflow and framework files: validates them fully, then stores their exact source under their
/// name and version (refusing changed content under an existing version).
public struct Publisher {
    /// The catalog written to.
    public let catalog: DefinitionCatalog

    /// Creates a publisher into a catalog.
    public init(catalog: DefinitionCatalog) {
        self.catalog = catalog
    }

    /// Creates a publisher into the catalog of a migrated database.
    public init(connection: PostgresConnection) {
        self.init(catalog: DefinitionCatalog(connection: connection))
    }

    /// Validates and publishes a framework file.
    ///
    /// - Returns: The identity and whether the version is new.
    /// - Throws: ``XMLDiagnostics`` for an invalid file, ``StoreError`` for changed content under a version.
    @discardableResult
    public func publishFramework(fileAt path: String) throws -> (DefinitionIdentity, Bool) {
        try publishFramework(try FileBytesReader.read(path), file: path)
    }

    /// Validates and publishes a framework given as bytes (a built-in one, say).
    ///
    /// - Parameters:
    ///   - bytes: The file's exact bytes, stored as its source.
    ///   - file: The name diagnostics give it.
    /// - Returns: The identity and whether the version is new.
    /// - Throws: ``XMLDiagnostics`` for an invalid file, ``StoreError`` for changed content under a version.
    @discardableResult
    public func publishFramework(_ bytes: [UInt8], file: String) throws -> (DefinitionIdentity, Bool) {
        let loaded = try FrameworkReader.loadFramework(bytes, file: file)
        let isNew = try catalog.publish(
            .framework, DefinitionReference(name: loaded.identity.name, version: loaded.identity.version),
            source: String(decoding: bytes, as: UTF8.self))
        return (loaded.identity, isNew)
    }

    /// Validates (with every static check) and publishes a workflow file; the framework it declares (`acc:framework`
    /// and `acc:framework-version`), if any, must be published first.
    ///
    /// - Parameter framework: The framework to check criteria ids against; nil looks for the declared one on disk.
    /// - Throws: ``XMLDiagnostics`` for an invalid file or one that names a file to load (`src`, rule
    ///   `definition.external-source`), ``CaseServiceError`` `.frameworkNotPublished` when the declared framework
    ///   version is not in the catalog, `.roleKindClash` when a role it declares has another kind in a published
    ///   workflow, ``StoreError`` for changed content under a version.
    @discardableResult
    public func publishWorkflow(fileAt path: String, framework: Framework?) throws -> (DefinitionIdentity, Bool) {
        try publishWorkflow(try FileBytesReader.read(path), file: path, framework: framework)
    }

    /// Validates (with every static check) and publishes a workflow given as bytes, as
    /// ``publishWorkflow(fileAt:framework:)`` does.
    ///
    /// - Parameters:
    ///   - bytes: The file's exact bytes, stored as its source.
    ///   - file: The name diagnostics give it.
    ///   - framework: The framework to check criteria ids against; nil looks for the declared one beside `file`.
    /// - Returns: The identity and whether the version is new.
    /// - Throws: As ``publishWorkflow(fileAt:framework:)``.
    @discardableResult
    public func publishWorkflow(_ bytes: [UInt8], file: String, framework: Framework?) throws -> (
        DefinitionIdentity, Bool
    ) {
        // A published version is self-contained: one naming a file would be refused wherever it is loaded.
        let external = CaseDesk.externalSources(in: try XMLReader.read(bytes, file: file), file: file)
        guard external.isEmpty else { throw XMLDiagnostics(external) }
        let loaded = try WorkflowReader.load(bytes, file: file, framework: framework)
        if let declared = Self.declaredFramework(of: loaded.document), try !isPublished(.framework, declared) {
            throw CaseServiceError(
                code: .frameworkNotPublished,
                message: "workflow \(loaded.identity.name)@\(loaded.identity.version) declares framework "
                    + "\(declared.name)@\(declared.version) (acc:framework, acc:framework-version), which is not "
                    + "published")
        }
        try checkRoleKinds(of: loaded.document, as: loaded.identity)
        let isNew = try catalog.publish(
            .workflow, DefinitionReference(name: loaded.identity.name, version: loaded.identity.version),
            source: String(decoding: bytes, as: UTF8.self))
        return (loaded.identity, isNew)
    }
}

extension Publisher {
    /// Whether a version is in the catalog.
    /// - Throws: ``StoreError`` when the catalog cannot be read.
    func isPublished(_ kind: DefinitionKind, _ reference: DefinitionReference) throws(StoreError) -> Bool {
        do {
            _ = try catalog.definition(kind, reference)
            return true
        } catch {
            guard error.code == .definitionNotPublished else { throw error }
            return false
        }
    }

    /// The framework a workflow declares with `acc:framework` and `acc:framework-version` (version "1" when only
    /// the id is given, as the workflow reader assumes), or nil when it declares none.
    public static func declaredFramework(of document: Document) -> DefinitionReference? {
        guard let id = document.expectedFramework, !id.isEmpty else { return nil }
        return DefinitionReference(name: id, version: document.expectedFrameworkVersion ?? "1")
    }
}

/// Reads definition files, turning failures into diagnostics.
enum FileBytesReader {
    static func read(_ path: String) throws(XMLDiagnostics) -> [UInt8] {
        do {
            return try Workflows.readFileBytes(path)
        } catch {
            throw XMLDiagnostics([XMLDiagnostic(file: path, line: 0, rule: "xml.io", message: "\(error)")])
        }
    }
}

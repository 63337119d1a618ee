import AccreditEngine
import EvidenceStore
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
        let bytes = try FileBytesReader.read(path)
        let loaded = try FrameworkReader.loadFramework(bytes, file: path)
        let isNew = try catalog.publish(
            .framework, DefinitionReference(name: loaded.identity.name, version: loaded.identity.version),
            source: String(decoding: bytes, as: UTF8.self))
        return (loaded.identity, isNew)
    }

    /// Validates (with every static check) and publishes a workflow file; its expected framework must be given.
    ///
    /// - Throws: ``XMLDiagnostics`` for an invalid file, ``StoreError`` for changed content under a version.
    @discardableResult
    public func publishWorkflow(fileAt path: String, framework: Framework?) throws -> (DefinitionIdentity, Bool) {
        let bytes = try FileBytesReader.read(path)
        let loaded = try WorkflowReader.load(bytes, file: path, framework: framework)
        let isNew = try catalog.publish(
            .workflow, DefinitionReference(name: loaded.identity.name, version: loaded.identity.version),
            source: String(decoding: bytes, as: UTF8.self))
        return (loaded.identity, isNew)
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

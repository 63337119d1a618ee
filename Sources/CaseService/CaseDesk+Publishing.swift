import AccreditEngine
import EvidenceStore
import Workflows

extension CaseDesk {
    /// The largest definition source publishing takes, in bytes (the shipped ones are about 25 KB).
    public static let maximumDefinitionBytes = 1 << 20

    /// Every published workflow and framework version, newest first, for someone who may publish.
    ///
    /// - Throws: ``CaseRefusal`` `access.definitions.publish`, or ``StoreError``.
    public func publishedDefinitions(as actorID: String) throws -> [PublishedDefinition] {
        try require(.publish, by: actorID)
        return try (catalog.all(.workflow) + catalog.all(.framework)).sorted {
            ($0.publishedAt, $0.reference.name, $0.reference.version)
                > ($1.publishedAt, $1.reference.name, $1.reference.version)
        }
    }

    /// The published versions of one workflow, newest first, for someone who looks after the record (a migration
    /// check compares a case's history with one of them).
    ///
    /// - Throws: ``CaseRefusal`` `access.store.oversee`, or ``StoreError``.
    public func publishedVersions(ofWorkflow name: String, as actorID: String) throws -> [PublishedDefinition] {
        try require(.oversee, by: actorID)
        return try catalog.all(.workflow).filter { $0.reference.name == name }.reversed()
    }

    /// Validates and publishes a framework given as its source text, as an actor who may publish.
    ///
    /// - Parameters:
    ///   - source: The file's exact bytes, stored as its source.
    ///   - file: The name diagnostics give it (a label: nothing is read from it).
    /// - Returns: The identity and whether the version is new.
    /// - Throws: ``CaseRefusal`` `access.definitions.publish`, ``XMLDiagnostics`` for an invalid file,
    ///   ``StoreError`` for changed content under a published version.
    public func publishFramework(_ source: [UInt8], file: String, by actorID: String) throws -> (
        DefinitionIdentity, Bool
    ) {
        try require(.publish, by: actorID)
        return try publisher.publishFramework(source, file: file)
    }

    /// Validates (with every static check) and publishes a workflow given as its source text, as an actor who may
    /// publish; see ``selfContainedWorkflow(_:file:framework:)`` for the checks.
    ///
    /// - Parameters:
    ///   - source: The file's exact bytes, stored as its source.
    ///   - file: The name diagnostics give it (a label: nothing is read from it or beside it).
    ///   - framework: A framework's source and label to check criteria ids against, or nil.
    /// - Returns: The identity and whether the version is new.
    /// - Throws: ``CaseRefusal`` `access.definitions.publish`, what ``selfContainedWorkflow(_:file:framework:)``
    ///   throws, ``CaseServiceError`` `.roleKindClash`, ``StoreError`` for changed content under a published
    ///   version.
    public func publishWorkflow(
        _ source: [UInt8], file: String, framework: (source: [UInt8], file: String)?, by actorID: String
    ) throws -> (DefinitionIdentity, Bool) {
        try require(.publish, by: actorID)
        let loaded = try selfContainedWorkflow(source, file: file, framework: framework)
        return try publisher.publishWorkflow(source, file: file, framework: loaded.framework)
    }

    /// Loads a workflow as publishing checks it, reading nothing from disk: criteria ids are checked against
    /// `framework` when given, otherwise against the published version of the framework the workflow declares
    /// (`acc:framework`, `acc:framework-version`); a workflow that names a file to load (`src` on `<data>`,
    /// `<invoke>` or `<script>`) is refused, since a published definition is loaded from the store alone.
    ///
    /// - Parameters:
    ///   - source: The file's bytes.
    ///   - file: The name diagnostics give it (a label: nothing is read from it or beside it).
    ///   - framework: A framework's source and label to check criteria ids against, or nil.
    /// - Throws: ``XMLDiagnostics`` for an invalid file or one that names a file to load (rule
    ///   `definition.external-source`), ``CaseServiceError`` `.frameworkNotPublished`.
    public func selfContainedWorkflow(
        _ source: [UInt8], file: String, framework: (source: [UInt8], file: String)?
    ) throws -> LoadedWorkflow {
        let root = try XMLReader.read(source, file: file)
        let external = Self.externalSources(in: root, file: file)
        guard external.isEmpty else { throw XMLDiagnostics(external) }
        let expected: Framework?
        if let framework {
            expected = try FrameworkReader.loadFramework(framework.source, file: framework.file).framework
        } else if let declared = Self.declaredFramework(of: root) {
            expected = try publishedFramework(declared, declaredBy: root)
        } else {
            expected = nil
        }
        return try WorkflowReader.load(source, file: file, framework: expected)
    }

    /// The framework a workflow's root declares, as ``Publisher/declaredFramework(of:)`` reads it from a document.
    static func declaredFramework(of root: XMLElement) -> DefinitionReference? {
        guard let id = root.attribute("framework", namespace: WorkflowExtension.namespace), !id.isEmpty else {
            return nil
        }
        let version = root.attribute("framework-version", namespace: WorkflowExtension.namespace) ?? "1"
        return DefinitionReference(name: id, version: version)
    }

    /// The published framework version a workflow declares, loaded from the catalog.
    ///
    /// - Throws: ``CaseServiceError`` `.frameworkNotPublished`, or ``XMLDiagnostics`` when its stored source no
    ///   longer loads.
    func publishedFramework(_ declared: DefinitionReference, declaredBy root: XMLElement) throws -> Framework {
        let record: PublishedDefinition
        do throws(StoreError) {
            record = try catalog.definition(.framework, declared)
        } catch {
            guard error.code == .definitionNotPublished else { throw error }
            let name = root.attribute("name") ?? ""
            let version = root.attribute("version", namespace: WorkflowExtension.namespace) ?? ""
            throw CaseServiceError(
                code: .frameworkNotPublished,
                message: "workflow \(name)@\(version) declares framework \(declared.name)@\(declared.version) "
                    + "(acc:framework, acc:framework-version), which is not published")
        }
        return try FrameworkReader.loadFramework(
            Array(record.source.utf8), file: "\(declared.name)@\(declared.version)"
        ).framework
    }

    /// A diagnostic for every `src` attribute: the file it names would be read wherever the workflow is loaded.
    static func externalSources(in element: XMLElement, file: String) -> [XMLDiagnostic] {
        var found: [XMLDiagnostic] = []
        if element.attribute("src") != nil {
            found.append(
                XMLDiagnostic(
                    file: file, line: element.line, rule: "definition.external-source",
                    message: "<\(element.name) src> names a file to load; a published workflow must be "
                        + "self-contained: put the content inline"))
        }
        for child in element.elements { found += externalSources(in: child, file: file) }
        return found
    }
}

import AccreditEngine
import Statecharts

/// The one way SCXML files are loaded: libxml2 parse (with the dialect's XSD), then the SCXML builder, then the
/// static checks, then compilation; every problem is reported, not only the first.
///
/// `workflow validate`, `publish`, `show`, `graph`, `replay --workflow`, the case layer and the fuzz targets read
/// accreditation workflows; `workflow simulate`, the W3C conformance suites and `<invoke src>` child documents read
/// plain SCXML through the same path (``SCXMLLoader`` is shorthand for that).
public enum WorkflowReader {
    /// What a file is read as.
    public enum Dialect: Sendable {
        /// An accreditation workflow: validated against `Definitions/schema/accredit-scxml.xsd`, then every static
        /// check runs (with the expected framework); any error refuses the file.
        case accreditation
        /// Plain W3C SCXML: parsed and built the same way, without the accreditation XSD and static checks
        /// (for `workflow simulate` and the conformance suites, whose charts are not accreditation workflows).
        case scxml
    }

    /// Loads a workflow from bytes.
    ///
    /// - Parameters:
    ///   - bytes: The file's bytes.
    ///   - file: The path, used in diagnostics and to find the expected framework beside it.
    ///   - framework: The framework to check criteria against; nil looks for the one `acc:framework` names in
    ///     `../frameworks/<id>-v<version>.xml` or beside the file.
    ///   - dialect: What to read the file as; an accreditation workflow unless said otherwise.
    /// - Returns: The loaded workflow with its warnings.
    /// - Throws: ``XMLDiagnostics`` with every error and warning when there is at least one error.
    public static func load(
        _ bytes: [UInt8], file: String, framework: Framework? = nil, dialect: Dialect = .accreditation
    ) throws(XMLDiagnostics) -> LoadedWorkflow {
        var visiting = [file]
        let (document, schemaProblems, problems) = try read(bytes, file: file, dialect: dialect, visiting: &visiting)
        var interpreter: Interpreter
        var diagnostics: [XMLDiagnostic] = []
        var expected = framework
        switch dialect {
        case .accreditation:
            // A document the schema refuses but the builder can still build gets every static-check finding too.
            if !problems.isEmpty { throw XMLDiagnostics(inLineOrder(schemaProblems + problems)) }
            expected = framework ?? locateFramework(for: document, file: file, diagnostics: &diagnostics)
            diagnostics += WorkflowChecker.check(document, file: file, framework: expected)
            if schemaProblems.contains(where: { $0.severity == .error }) {
                throw XMLDiagnostics(inLineOrder(schemaProblems + diagnostics))
            }
            diagnostics += schemaProblems
            if diagnostics.contains(where: { $0.severity == .error }) { throw XMLDiagnostics(diagnostics) }
            do {
                interpreter = try SCXMLLoader.interpreter(for: document)
            } catch {
                throw XMLDiagnostics(diagnostics + error.items)
            }
            // What plain SCXML runs and fails at run time (an assignment to `_event`, say) is refused outright in
            // an accreditation workflow: a case must never meet it.
            if !interpreter.warnings.isEmpty {
                throw XMLDiagnostics(
                    diagnostics
                        + interpreter.warnings.map {
                            var refused = SCXMLLoader.diagnostic($0)
                            refused.severity = .error
                            return refused
                        })
            }
        case .scxml:
            interpreter = try compile(document, problems: problems)
            interpreter.documents = SCXMLDocumentSource()
            diagnostics += interpreter.warnings.map(SCXMLLoader.diagnostic)
        }
        return LoadedWorkflow(
            document: document, interpreter: interpreter,
            identity: DefinitionIdentity(
                name: document.name ?? "", version: document.workflowVersion ?? "", bytes: bytes),
            framework: expected, warnings: diagnostics)
    }

    /// Loads a workflow file; see ``load(_:file:framework:dialect:)``.
    ///
    /// - Throws: ``XMLDiagnostics``, with rule `xml.io` when the file cannot be read.
    public static func load(fileAt path: String, framework: Framework? = nil, dialect: Dialect = .accreditation)
        throws(XMLDiagnostics) -> LoadedWorkflow
    {
        try load(try FileBytes.readDefinition(path), file: path, framework: framework, dialect: dialect)
    }

    /// Every diagnostic for an accreditation workflow file, errors and warnings, without throwing; empty when the
    /// file is clean.
    public static func diagnose(fileAt path: String, framework: Framework? = nil) -> [XMLDiagnostic] {
        do {
            return try load(fileAt: path, framework: framework).warnings
        } catch {
            return error.items
        }
    }

    /// Parses (validating against the dialect's XSD) and builds a document: the path every SCXML file takes.
    ///
    /// - Parameter visiting: The files being loaded, outermost first, so that a `src` cycle is reported.
    /// - Returns: The document, the schema's findings (empty for plain SCXML) and the builder's problems (the
    ///   document is partial when there are some).
    /// - Throws: ``XMLDiagnostics`` when the file is not well-formed.
    static func read(
        _ bytes: [UInt8], file: String, dialect: Dialect, visiting: inout [String], files: DefinitionFiles = .disk
    ) throws(XMLDiagnostics) -> (Document, [XMLDiagnostic], [XMLDiagnostic]) {
        let schema: XMLSchema? =
            switch dialect {
            case .accreditation: try DefinitionSchema.workflow.compiled()
            case .scxml: nil
            }
        let (root, schemaProblems) = try XMLReader.readKeepingSchemaErrors(bytes, file: file, schema: schema)
        var (document, problems) = build(root, file: file, visiting: &visiting, files: files)
        if dialect == .accreditation { problems += WorkflowChecker.elementContent(in: root, file: file) }
        return (document, schemaProblems, problems)
    }

    /// Reads and builds a document, refusing it on any problem; see ``read(_:file:dialect:visiting:files:)``.
    static func document(
        _ bytes: [UInt8], file: String, dialect: Dialect, visiting: inout [String], files: DefinitionFiles = .disk
    ) throws(XMLDiagnostics) -> Document {
        let (document, schemaProblems, problems) = try read(
            bytes, file: file, dialect: dialect, visiting: &visiting, files: files)
        if schemaProblems.contains(where: { $0.severity == .error }) || !problems.isEmpty {
            throw XMLDiagnostics(inLineOrder(schemaProblems + problems))
        }
        return document
    }

    /// Diagnostics sorted by file, line and column, keeping the order found among equals.
    static func inLineOrder(_ diagnostics: [XMLDiagnostic]) -> [XMLDiagnostic] {
        diagnostics.enumerated().sorted {
            ($0.element.file, $0.element.line, $0.element.column, $0.offset)
                < ($1.element.file, $1.element.line, $1.element.column, $1.offset)
        }.map(\.element)
    }

    /// Compiles a built document, reporting the builder's problems and the compiler's together, in file order.
    ///
    /// - Throws: ``XMLDiagnostics`` when there is any problem (rules `scxml.*`).
    static func compile(_ document: Document, problems: [XMLDiagnostic])
        throws(XMLDiagnostics) -> Interpreter
    {
        do throws(XMLDiagnostics) {
            let compiled = try SCXMLLoader.interpreter(for: document)
            if !problems.isEmpty { throw XMLDiagnostics(problems) }
            return compiled
        } catch {
            let all = problems + error.items.filter { !problems.contains($0) }
            throw XMLDiagnostics(all.sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) })
        }
    }
}

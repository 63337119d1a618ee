import AccreditEngine
import Statecharts

/// Plain W3C SCXML through ``WorkflowReader``'s one path, in its ``WorkflowReader/Dialect/scxml`` dialect: no
/// accreditation XSD, no static checks. `src` references are resolved relative to each file.
///
/// Accreditation workflows are read with ``WorkflowReader/load(_:file:framework:dialect:)`` instead.
public enum SCXMLLoader {
    /// Reads a document from a file; `<invoke src="file:…">` and `<data src>` are loaded relative to it.
    /// - Parameter path: The file to read.
    /// - Returns: The document with every child document resolved.
    /// - Throws: ``XMLDiagnostics`` holding every problem found.
    public static func load(fileAt path: String) throws(XMLDiagnostics) -> Document {
        var visiting: [String] = []
        return try WorkflowReader.child(fileAt: path, visiting: &visiting)
    }

    /// Reads a document from bytes; `src` references are resolved relative to `file`'s directory.
    /// - Throws: ``XMLDiagnostics`` holding every problem found.
    public static func load(_ bytes: [UInt8], file: String) throws(XMLDiagnostics) -> Document {
        var visiting = [file]
        return try WorkflowReader.document(bytes, file: file, dialect: .scxml, visiting: &visiting)
    }

    /// Reads a stored definition (a published version, or one in a case bundle), which is self-contained: it reads
    /// no file, so a `src` it names is refused (`scxml.src`) wherever it is loaded, the server and an auditor's
    /// machine included.
    /// - Throws: ``XMLDiagnostics`` holding every problem found.
    public static func loadStored(_ bytes: [UInt8], file: String) throws(XMLDiagnostics) -> Document {
        var visiting = [file]
        return try WorkflowReader.document(bytes, file: file, dialect: .scxml, visiting: &visiting, files: .none)
    }

    /// Loads and compiles a file into an interpreter, reporting document and expression problems as diagnostics; the
    /// interpreter reads child documents chosen at run time beside the file (``SCXMLDocumentSource``).
    /// - Throws: ``XMLDiagnostics`` with every problem (rules `xml.*` and `scxml.*`).
    public static func interpreter(fileAt path: String) throws(XMLDiagnostics)
        -> Interpreter
    {
        var visiting = [path]
        let bytes = try FileBytes.readDefinition(path)
        let (document, _, problems) = try WorkflowReader.read(bytes, file: path, dialect: .scxml, visiting: &visiting)
        var interpreter = try WorkflowReader.compile(document, problems: problems)
        interpreter.documents = SCXMLDocumentSource()
        return interpreter
    }

    /// Compiles a loaded document, mapping engine issues to diagnostics.
    /// - Throws: ``XMLDiagnostics`` with every issue the engine found.
    public static func interpreter(for document: Document) throws(XMLDiagnostics)
        -> Interpreter
    {
        do {
            return try Interpreter(document: document)
        } catch {
            throw XMLDiagnostics(error.issues.map(diagnostic))
        }
    }

    /// An engine issue as a diagnostic, keeping whether it is an error or a warning.
    public static func diagnostic(_ issue: DocumentIssue) -> XMLDiagnostic {
        XMLDiagnostic(
            file: issue.file, line: issue.line, column: issue.column,
            severity: issue.severity == .warning ? .warning : .error, rule: issue.rule, message: issue.message)
    }
}

import AccreditEngine
import Statecharts

/// Loads accreditation workflows: libxml2 parse and XSD validation, then the SCXML builder, then the static checks,
/// then compilation; every problem is reported, not only the first.
public enum WorkflowReader {
    /// Loads a workflow from bytes.
    ///
    /// - Parameters:
    ///   - bytes: The file's bytes.
    ///   - file: The path, used in diagnostics and to find the expected framework beside it.
    ///   - framework: The framework to check criteria against; nil looks for the one `acc:framework` names in
    ///     `../frameworks/<id>-v<version>.xml` or beside the file.
    /// - Returns: The loaded workflow with its warnings.
    /// - Throws: ``XMLDiagnostics`` with every error and warning when there is at least one error.
    public static func load(_ bytes: [UInt8], file: String, framework: Framework? = nil) throws(XMLDiagnostics)
        -> LoadedWorkflow
    {
        let schema: XMLSchema
        switch WorkflowSchema.compiled {
        case .success(let compiled): schema = compiled
        case .failure(let error): throw error
        }
        let root = try XMLReader.read(bytes, file: file, schema: schema)
        var visiting = [file]
        let (document, problems) = SCXMLLoader.collect(root, file: file, visiting: &visiting)
        if !problems.isEmpty { throw XMLDiagnostics(problems) }
        var diagnostics: [XMLDiagnostic] = []
        let expected = framework ?? locateFramework(for: document, file: file, diagnostics: &diagnostics)
        diagnostics += WorkflowChecker.check(document, file: file, framework: expected)
        if diagnostics.contains(where: { $0.severity == .error }) { throw XMLDiagnostics(diagnostics) }
        let interpreter: Interpreter
        do {
            interpreter = try SCXMLLoader.interpreter(for: document)
        } catch {
            throw XMLDiagnostics(diagnostics + error.items)
        }
        return LoadedWorkflow(
            document: document, interpreter: interpreter,
            identity: DefinitionIdentity(
                name: document.name ?? "", version: document.workflowVersion ?? "", bytes: bytes),
            framework: expected, warnings: diagnostics)
    }

    /// Loads a workflow file; see ``load(_:file:framework:)``.
    ///
    /// - Throws: ``XMLDiagnostics``, with rule `xml.io` when the file cannot be read.
    public static func load(fileAt path: String, framework: Framework? = nil) throws(XMLDiagnostics)
        -> LoadedWorkflow
    {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path)
        } catch {
            throw XMLDiagnostics([XMLDiagnostic(file: path, line: 0, rule: "xml.io", message: "\(error)")])
        }
        return try load(bytes, file: path, framework: framework)
    }

    /// Every diagnostic for a file, errors and warnings, without throwing; empty when the file is clean.
    public static func diagnose(fileAt path: String, framework: Framework? = nil) -> [XMLDiagnostic] {
        do {
            return try load(fileAt: path, framework: framework).warnings
        } catch {
            return error.items
        }
    }

    /// The static checks alone, as warnings, for a document loaded without the schema (`workflow simulate`).
    /// - Parameter document: A document from ``SCXMLLoader``.
    /// - Returns: Every finding, downgraded to a warning.
    public static func findings(for document: Document) -> [XMLDiagnostic] {
        var ignored: [XMLDiagnostic] = []
        let framework = locateFramework(for: document, file: document.file, diagnostics: &ignored)
        return WorkflowChecker.check(document, file: document.file, framework: framework).map { finding in
            var warning = finding
            warning.severity = .warning
            return warning
        }
    }

    /// Finds the framework a document names with `acc:framework` and `acc:framework-version`, if the file exists.
    static func locateFramework(for document: Document, file: String, diagnostics: inout [XMLDiagnostic])
        -> Framework?
    {
        guard let id = document.expectedFramework else { return nil }
        let version = document.expectedFrameworkVersion ?? "1"
        let directory = file.lastIndex(of: "/").map { String(file[...$0]) } ?? ""
        let name = "\(id)-v\(version).xml"
        for candidate in [directory + "../frameworks/" + name, directory + name] {
            guard let bytes = try? FileBytes.read(candidate) else { continue }
            if case .framework(let loaded)? = try? FrameworkReader.load(bytes, file: candidate) {
                return loaded.framework
            }
        }
        diagnostics.append(
            XMLDiagnostic(
                file: file, line: document.line, severity: .warning, rule: "workflow.framework-unavailable",
                message: "framework '\(id)' version \(version) (\(name)) was not found next to the workflow or in "
                    + "../frameworks/: criteria ids are not checked; pass --framework FILE"))
        return nil
    }
}

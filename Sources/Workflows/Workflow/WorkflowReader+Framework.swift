import AccreditEngine
import Statecharts

extension WorkflowReader {
    /// The static checks alone, as warnings, for a document read as plain SCXML (`workflow simulate`).
    /// - Parameter document: A document read in the ``Dialect/scxml`` dialect.
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
        let directory = FileBytes.directory(of: file)
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

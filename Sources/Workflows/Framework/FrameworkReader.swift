import AccreditEngine

/// Loads framework and crosswalk files: libxml2 parse and XSD validation, then the model builder, then the checks.
public enum FrameworkReader {
    /// Loads a framework or a crosswalk from bytes; a crosswalk's `from-href`/`to-href` are read beside `file`.
    ///
    /// - Parameters:
    ///   - bytes: The file's bytes.
    ///   - file: The path, used in diagnostics and to find a crosswalk's frameworks.
    /// - Returns: The loaded document with its warnings.
    /// - Throws: ``XMLDiagnostics`` with every error and warning when there is at least one error.
    public static func load(_ bytes: [UInt8], file: String) throws(XMLDiagnostics) -> FrameworkDocument {
        try load(bytes, file: file, crosswalks: true)
    }

    /// Loads a document; with `crosswalks` false a crosswalk is refused before its frameworks are read.
    static func load(_ bytes: [UInt8], file: String, crosswalks: Bool) throws(XMLDiagnostics) -> FrameworkDocument {
        let root = try XMLReader.read(bytes, file: file, schema: try DefinitionSchema.framework.compiled())
        if root.name == "crosswalk" {
            guard crosswalks else {
                throw XMLDiagnostics([
                    XMLDiagnostic(
                        file: file, line: root.line, rule: "framework.not-a-framework",
                        message: "this is a crosswalk, not a framework: pass a <framework> file")
                ])
            }
            return .crosswalk(try CrosswalkLoader.load(root, bytes: bytes, file: file))
        }
        var diagnostics = FrameworkChecker.check(root, file: file)
        if diagnostics.contains(where: { $0.severity == .error }) { throw XMLDiagnostics(diagnostics) }
        let framework = FrameworkBuilder.build(root)
        diagnostics += AwardRuleDryRun.check(framework, root: root, file: file)
        if diagnostics.contains(where: { $0.severity == .error }) { throw XMLDiagnostics(diagnostics) }
        return .framework(
            LoadedFramework(
                framework: framework,
                identity: DefinitionIdentity(name: framework.id, version: framework.version, bytes: bytes),
                warnings: diagnostics))
    }

    /// Loads a framework or a crosswalk from a file; see ``load(_:file:)``.
    ///
    /// - Throws: ``XMLDiagnostics``, with rule `xml.io` when the file cannot be read.
    public static func load(fileAt path: String) throws(XMLDiagnostics) -> FrameworkDocument {
        try load(try FileBytes.readDefinition(path), file: path, crosswalks: true)
    }

    /// Loads a framework file, refusing a crosswalk.
    ///
    /// - Throws: ``XMLDiagnostics``; rule `framework.not-a-framework` when the file is a crosswalk.
    public static func loadFramework(fileAt path: String) throws(XMLDiagnostics) -> LoadedFramework {
        try loadFramework(try FileBytes.readDefinition(path), file: path)
    }

    /// Loads a framework from bytes (for example a published source from the database), refusing a crosswalk.
    ///
    /// - Throws: ``XMLDiagnostics``; rule `framework.not-a-framework` when the bytes are a crosswalk.
    public static func loadFramework(_ bytes: [UInt8], file: String) throws(XMLDiagnostics) -> LoadedFramework {
        switch try load(bytes, file: file, crosswalks: false) {
        case .framework(let loaded): return loaded
        case .crosswalk: preconditionFailure("load(_:file:crosswalks: false) never returns a crosswalk")
        }
    }

    /// Every diagnostic for a file, errors and warnings, without throwing; empty when the file is clean.
    public static func diagnose(fileAt path: String) -> [XMLDiagnostic] {
        do {
            return try load(fileAt: path).warnings
        } catch {
            return error.items
        }
    }
}

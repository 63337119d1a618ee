import AccreditAPI
import Statecharts
import Workflows

/// A definition file as publishing sends it: `{source, file}`, its text and the path its diagnostics name.
enum DefinitionSource {
    /// Reads a definition file.
    ///
    /// - Throws: ``XMLDiagnostics`` (exit 2) with rule `xml.io` when the file cannot be read, or `xml.encoding`
    ///   when it is not UTF-8 (the store keeps a definition's exact text).
    static func read(_ path: String) throws -> Value {
        let bytes = try Self.bytes(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw XMLDiagnostics([
                XMLDiagnostic(
                    file: path, line: 0, rule: "xml.encoding",
                    message: "a definition is published as UTF-8 text: convert the file to UTF-8")
            ])
        }
        return ["source": .string(text), "file": .string(path)]
    }

    /// A definition file's bytes.
    ///
    /// - Throws: ``XMLDiagnostics`` (exit 2) with rule `xml.io` when the file cannot be read.
    static func bytes(_ path: String) throws(XMLDiagnostics) -> [UInt8] {
        do {
            return try Workflows.readFileBytes(path)
        } catch {
            throw XMLDiagnostics([XMLDiagnostic(file: path, line: 0, rule: "xml.io", message: "\(error)")])
        }
    }

    /// What the store answered, as the line the publish commands print: `published workflow NAME@VERSION`, or
    /// `already published …` when the same content was published before.
    static func line(_ published: Value) -> String {
        let kind = published["kind"]?.stringValue ?? ""
        let name = published["name"]?.stringValue ?? ""
        let version = published["version"]?.stringValue ?? ""
        return "\(published["new"] == .bool(false) ? "already published" : "published") \(kind) \(name)@\(version)"
    }
}

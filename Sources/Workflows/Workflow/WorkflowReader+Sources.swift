import AccreditEngine
import Statecharts

extension WorkflowReader {
    /// Builds a document from its parsed root, loading what `<invoke src>` and `<data src>` name relative to `file`.
    ///
    /// Child documents are read as plain SCXML through ``read(_:file:dialect:visiting:)``; other files as text.
    /// - Returns: The document and every problem found (the document is partial when there are some).
    static func build(_ root: XMLElement, file: String, visiting: inout [String]) -> (Document, [XMLDiagnostic]) {
        var loaded: [XMLDiagnostic] = []
        var stack = visiting
        let builderResolve: (String, Int) -> SCXMLBuilder.ResolvedSource? = { src, line in
            let path = resolvePath(src, relativeTo: file)
            if stack.contains(path) {
                loaded.append(
                    XMLDiagnostic(file: file, line: line, rule: "scxml.src", message: "'\(src)' includes itself"))
                return nil
            }
            if path.hasSuffix(".scxml") || path.hasSuffix(".xml") {
                do throws(XMLDiagnostics) {
                    return .document(try child(fileAt: path, visiting: &stack))
                } catch {
                    loaded.append(
                        XMLDiagnostic(
                            file: file, line: line, rule: "scxml.src",
                            message: "the document '\(src)' (\(path)) could not be loaded; its problems follow"))
                    loaded += error.items
                    return nil
                }
            }
            do {
                return .text(String(decoding: try FileBytes.read(path), as: UTF8.self))
            } catch {
                loaded.append(XMLDiagnostic(file: file, line: line, rule: "scxml.src", message: "\(error)"))
                return nil
            }
        }
        var builder = SCXMLBuilder(file: file, resolve: builderResolve)
        let document = builder.document(root)
        return (document, builder.diagnostics + loaded)
    }

    /// Reads a child document as plain SCXML, with `path` on the stack of files being loaded.
    static func child(fileAt path: String, visiting: inout [String]) throws(XMLDiagnostics) -> Document {
        visiting.append(path)
        defer { visiting.removeLast() }
        return try document(try FileBytes.readDefinition(path), file: path, dialect: .scxml, visiting: &visiting)
    }

    /// Turns `file:name.scxml` (or a plain relative path) into a path next to `file`.
    static func resolvePath(_ src: String, relativeTo file: String) -> String {
        var path = src
        if path.hasPrefix("file://") {
            path = String(path.dropFirst(7))
        } else if path.hasPrefix("file:") {
            path = String(path.dropFirst(5))
        }
        return path.hasPrefix("/") ? path : FileBytes.directory(of: file) + path
    }
}

import AccreditEngine
import Statecharts

extension WorkflowReader {
    /// Builds a document from its parsed root, loading what `<invoke src>` and `<data src>` name relative to `file`.
    ///
    /// Child documents are read as plain SCXML through ``read(_:file:dialect:visiting:files:)``; other files as text.
    /// - Returns: The document and every problem found (the document is partial when there are some).
    static func build(_ root: XMLElement, file: String, visiting: inout [String], files: DefinitionFiles = .disk)
        -> (Document, [XMLDiagnostic])
    {
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
                    return .document(try child(fileAt: path, visiting: &stack, files: files))
                } catch {
                    loaded.append(
                        XMLDiagnostic(
                            file: file, line: line, rule: "scxml.src",
                            message: "the document '\(src)' (\(path)) could not be loaded; its problems follow"))
                    loaded += error.items
                    return nil
                }
            }
            do throws(XMLDiagnostics) {
                return .text(String(decoding: try files.read(path), as: UTF8.self))
            } catch {
                loaded += error.items.map {
                    XMLDiagnostic(file: file, line: line, rule: "scxml.src", message: $0.message)
                }
                return nil
            }
        }
        var builder = SCXMLBuilder(file: file, resolve: builderResolve)
        let document = builder.document(root)
        return (document, builder.diagnostics + loaded)
    }

    /// Reads a child document as plain SCXML, with `path` on the stack of files being loaded.
    static func child(fileAt path: String, visiting: inout [String], files: DefinitionFiles = .disk)
        throws(XMLDiagnostics) -> Document
    {
        visiting.append(path)
        defer { visiting.removeLast() }
        return try document(try files.read(path), file: path, dialect: .scxml, visiting: &visiting, files: files)
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

/// Where the files a definition names (`<invoke src>`, `<data src>`) are read from: the disk, or, for a child
/// document restored from a snapshot, only what was recorded with it.
struct DefinitionFiles {
    /// Reads a file's bytes, or throws a diagnostic (rule `xml.io`) naming it.
    let read: (String) throws(XMLDiagnostics) -> [UInt8]

    /// No file at all: a stored definition is self-contained.
    static var none: DefinitionFiles {
        DefinitionFiles { path throws(XMLDiagnostics) in
            throw XMLDiagnostics([
                XMLDiagnostic(
                    file: path, line: 0, rule: "xml.io",
                    message: "a stored definition reads no file, and this one names '\(path)': put the content inline")
            ])
        }
    }

    /// The disk.
    static var disk: DefinitionFiles {
        DefinitionFiles { path throws(XMLDiagnostics) in try FileBytes.readDefinition(path) }
    }
}

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
        builder.keepsMarkup = files.keepsMarkup
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

/// How a definition's parts are read: where the files it names (`<invoke src>`, `<data src>`) come from (the disk,
/// or, for a child document restored from a snapshot, only what was recorded with it), and what a value with child
/// elements holds.
struct DefinitionFiles {
    /// Reads a file's bytes, or throws a diagnostic (rule `xml.io`) naming it.
    let read: (String) throws(XMLDiagnostics) -> [UInt8]
    /// Whether `<data>`, `<assign>` and `<content>` with child elements hold their markup. Stored definitions
    /// (``none``) were published when such values held only their direct text and an expr won over content; they
    /// keep that, so that no stored version changes meaning or stops loading.
    var keepsMarkup = true

    /// No file at all: a stored definition is self-contained.
    static var none: DefinitionFiles {
        DefinitionFiles(
            read: { path throws(XMLDiagnostics) in
                throw XMLDiagnostics([
                    XMLDiagnostic(
                        file: path, line: 0, rule: "xml.io",
                        message: "a stored definition reads no file, and this one names '\(path)': put the content "
                            + "inline")
                ])
            }, keepsMarkup: false)
    }

    /// The disk.
    /// (Only regular files of at most ``includeLimit`` bytes: not `/dev/zero`, which would exhaust memory, nor a
    /// pipe, which would hang the reader.)
    static var disk: DefinitionFiles {
        DefinitionFiles(read: { path throws(XMLDiagnostics) in
            do {
                return try FileBytes.readRegularFile(path, limit: includeLimit)
            } catch {
                throw XMLDiagnostics([XMLDiagnostic(file: path, line: 0, rule: "xml.io", message: "\(error)")])
            }
        })
    }

    /// The most bytes a file a definition names may have.
    static let includeLimit = 16 << 20
}

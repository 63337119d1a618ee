import AccreditEngine
import Statecharts

/// Loads SCXML files into engine documents and interpreters, resolving `src` references relative to each file.
public enum SCXMLLoader {
    /// Reads a document from a file; `<invoke src="file:…">` and `<data src>` are loaded relative to it.
    /// - Parameter path: The file to read.
    /// - Returns: The document with every child document resolved.
    /// - Throws: ``XMLDiagnostics`` holding every problem found.
    public static func load(fileAt path: String) throws(XMLDiagnostics) -> Document {
        var visiting: [String] = []
        return try load(fileAt: path, visiting: &visiting)
    }

    /// Reads a document from bytes; `src` references are resolved relative to `file`'s directory.
    public static func load(_ bytes: [UInt8], file: String) throws(XMLDiagnostics) -> Document {
        var visiting = [file]
        let root = try XMLReader.read(bytes, file: file)
        return try build(root, file: file, visiting: &visiting)
    }

    /// Loads and compiles a file into an interpreter, reporting document and expression problems as diagnostics.
    /// - Throws: ``XMLDiagnostics`` with every problem (rules `xml.*` and `scxml.*`).
    public static func interpreter(fileAt path: String) throws(XMLDiagnostics)
        -> Interpreter
    {
        var visiting = [path]
        let root = try XMLReader.read(fileAt: path)
        let (document, problems) = collect(root, file: path, visiting: &visiting)
        do throws(XMLDiagnostics) {
            let compiled = try interpreter(for: document)
            if !problems.isEmpty { throw XMLDiagnostics(problems) }
            return compiled
        } catch {
            let all = problems + error.items.filter { !problems.contains($0) }
            throw XMLDiagnostics(all.sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) })
        }
    }

    /// Compiles a loaded document, mapping engine issues to diagnostics.
    public static func interpreter(for document: Document) throws(XMLDiagnostics)
        -> Interpreter
    {
        do {
            return try Interpreter(document: document)
        } catch {
            throw XMLDiagnostics(
                error.issues.map {
                    XMLDiagnostic(file: $0.file, line: $0.line, column: $0.column, rule: $0.rule, message: $0.message)
                })
        }
    }

    static func load(fileAt path: String, visiting: inout [String]) throws(XMLDiagnostics) -> Document {
        visiting.append(path)
        defer { visiting.removeLast() }
        let root = try XMLReader.read(fileAt: path)
        return try build(root, file: path, visiting: &visiting)
    }

    static func build(_ root: XMLElement, file: String, visiting: inout [String]) throws(XMLDiagnostics) -> Document {
        let (document, problems) = collect(root, file: file, visiting: &visiting)
        if !problems.isEmpty { throw XMLDiagnostics(problems) }
        return document
    }

    /// Builds a document and returns it with every problem found (the document is partial when there are some).
    static func collect(_ root: XMLElement, file: String, visiting: inout [String]) -> (Document, [XMLDiagnostic]) {
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
                    return .document(try load(fileAt: path, visiting: &stack))
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

    /// Turns `file:name.scxml` (or a plain relative path) into a path next to `file`.
    static func resolvePath(_ src: String, relativeTo file: String) -> String {
        var path = src
        if path.hasPrefix("file://") {
            path = String(path.dropFirst(7))
        } else if path.hasPrefix("file:") {
            path = String(path.dropFirst(5))
        }
        if path.hasPrefix("/") { return path }
        guard let slash = file.lastIndex(of: "/") else { return path }
        return String(file[...slash]) + path
    }
}

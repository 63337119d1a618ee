import Statecharts

/// Child documents chosen at run time, for plain SCXML (`workflow simulate`, the conformance suites): `file:` URIs
/// and paths name local files, relative ones resolved beside the invoking document, and every text is read as the
/// ``SCXMLLoader`` reads a file. Only regular files of at most ``maximumBytes`` in UTF-8 are read, and the files a
/// document includes are recorded with it, so that building it again (from a snapshot) reads nothing.
///
/// Accreditation workflows get none: a case's workflow must name its child documents statically.
public struct SCXMLDocumentSource: DocumentSource {
    /// The most bytes a child document, or a file it includes, may have (what the server accepts for a definition).
    public static let maximumBytes = 1 << 20

    /// Creates the source.
    public init() {}

    /// Reads the local file a `file:` URI or a path names, relative to the invoking document's file, with the
    /// files it includes.
    public func text(at uri: String, from file: String) throws(DocumentSourceError) -> DocumentText {
        guard let path = Self.path(of: uri) else {
            throw DocumentSourceError(message: "'\(uri)' is not a file: URI or a path; only local files can be invoked")
        }
        let resolved = WorkflowReader.resolvePath(path, relativeTo: file)
        let markup: String
        do throws(XMLDiagnostics) {
            markup = String(decoding: try Self.read(resolved), as: UTF8.self)
        } catch {
            throw DocumentSourceError(message: "the document '\(uri)' could not be read: \(Self.describe(error))")
        }
        return try recorded(DocumentText(markup: markup, file: resolved))
    }

    /// Completes markup with the files it includes, read beside the invoking document.
    public func text(markup: String, from file: String) throws(DocumentSourceError) -> DocumentText {
        guard markup.utf8.count <= Self.maximumBytes else {
            throw DocumentSourceError(
                message: "the invoked document has \(markup.utf8.count) bytes, more than \(Self.maximumBytes)")
        }
        return try recorded(DocumentText(markup: markup, file: file))
    }

    /// Parses a text as plain SCXML, taking the files it includes from the text's record only.
    public func document(_ text: DocumentText) throws(DocumentSourceError) -> Document {
        let files = DefinitionFiles { path throws(XMLDiagnostics) in
            guard let included = text.includes[path] else {
                throw XMLDiagnostics([
                    XMLDiagnostic(
                        file: path, line: 0, rule: "xml.io",
                        message: "'\(path)' was not recorded with the invoked document")
                ])
            }
            return Array(included.utf8)
        }
        return try parse(text, files: files)
    }

    /// The text with every file it includes read and recorded.
    func recorded(_ text: DocumentText) throws(DocumentSourceError) -> DocumentText {
        let recorder = IncludeRecorder()
        _ = try parse(text, files: DefinitionFiles(read: recorder.read))
        var complete = text
        complete.includes = recorder.files
        return complete
    }

    /// Builds a text as plain SCXML, reading what it includes through `files`.
    func parse(_ text: DocumentText, files: DefinitionFiles) throws(DocumentSourceError) -> Document {
        var visiting = [text.file]
        do {
            return try WorkflowReader.document(
                Array(text.markup.utf8), file: text.file, dialect: .scxml, visiting: &visiting, files: files)
        } catch {
            throw DocumentSourceError(
                message: "the invoked document is not a usable SCXML document: \(Self.describe(error))")
        }
    }

    /// The path a `file:` URI or a plain path names (`file:a.scxml`, `file:///x/a.scxml`,
    /// `file://localhost/x/a.scxml`, `a.scxml`, with `%` escapes decoded in URIs); nil for another scheme.
    static func path(of uri: String) -> String? {
        guard uri.lowercased().hasPrefix("file:") else {
            let scheme = uri.prefix { $0 != ":" }
            let isScheme =
                scheme.count < uri.count && scheme.first?.isLetter == true
                && scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
            return isScheme ? nil : uri
        }
        var rest = uri.dropFirst(5)
        if rest.lowercased().hasPrefix("//localhost/") {
            rest = rest.dropFirst(11)
        } else if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            guard rest.hasPrefix("/") else { return nil }
        }
        return String(rest).removingPercentEncodingIfValid
    }

    /// Reads a regular file of at most ``maximumBytes`` in UTF-8.
    static func read(_ path: String) throws(XMLDiagnostics) -> [UInt8] {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.readRegularFile(path, limit: maximumBytes)
        } catch {
            throw XMLDiagnostics([XMLDiagnostic(file: path, line: 0, rule: "xml.io", message: "\(error)")])
        }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw XMLDiagnostics([
                XMLDiagnostic(file: path, line: 0, rule: "xml.io", message: "'\(path)' is not UTF-8 text")
            ])
        }
        return bytes
    }

    /// The errors of a load, each with its file and line, in one line: the causes, not the notes that a file
    /// named inside could not be loaded.
    static func describe(_ error: XMLDiagnostics) -> String {
        let errors = error.items.filter { $0.severity == .error }
        let causes = errors.filter { !($0.rule == "scxml.src" && $0.message.hasSuffix("its problems follow")) }
        let shown = (causes.isEmpty ? (errors.isEmpty ? error.items : errors) : causes).prefix(3).map { item in
            item.line > 0 ? "\(item.file):\(item.line): \(item.message)" : item.message
        }
        return shown.joined(separator: "; ")
    }
}

/// Reads included files from disk for ``SCXMLDocumentSource``, keeping the text of each.
final class IncludeRecorder {
    /// What was read, by path.
    private(set) var files: [String: String] = [:]

    /// Reads a file and records its text.
    func read(_ path: String) throws(XMLDiagnostics) -> [UInt8] {
        let bytes = try SCXMLDocumentSource.read(path)
        files[path] = String(decoding: bytes, as: UTF8.self)
        return bytes
    }
}

extension String {
    /// The string with `%XX` escapes decoded, or unchanged when an escape is malformed or not UTF-8.
    var removingPercentEncodingIfValid: String {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                let first = utf8.index(after: index)
                guard first < utf8.endIndex, utf8.index(after: first) < utf8.endIndex,
                    let value = UInt8(
                        String(decoding: utf8[first...utf8.index(after: first)], as: UTF8.self), radix: 16)
                else { return self }
                bytes.append(value)
                index = utf8.index(first, offsetBy: 2)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? self
    }
}

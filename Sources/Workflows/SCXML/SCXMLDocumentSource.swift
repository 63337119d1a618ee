import Statecharts

/// Child documents chosen at run time, for plain SCXML (`workflow simulate`, the conformance suites): `file:` URIs
/// and relative paths are read beside the invoking document, and every text is read as the ``SCXMLLoader`` reads a
/// file.
///
/// Accreditation workflows get none: a case's workflow must name its child documents statically.
public struct SCXMLDocumentSource: DocumentSource {
    /// Creates the source.
    public init() {}

    /// Reads the file a `file:` URI or relative path names, relative to the invoking document's file.
    public func text(at uri: String, from file: String) throws(DocumentSourceError) -> DocumentText {
        if let colon = uri.firstIndex(of: ":"), !uri.hasPrefix("file:"),
            uri[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." })
        {
            throw DocumentSourceError(
                message: "'\(uri)' is not a file: URI; only files beside the document can be invoked")
        }
        let path = WorkflowReader.resolvePath(uri, relativeTo: file)
        do {
            let bytes = try FileBytes.read(path)
            return DocumentText(markup: String(decoding: bytes, as: UTF8.self), file: path)
        } catch {
            throw DocumentSourceError(message: "the document '\(uri)' could not be read: \(error)")
        }
    }

    /// Parses a text as plain SCXML, loading the documents it names with `src` relative to its file.
    public func document(_ text: DocumentText) throws(DocumentSourceError) -> Document {
        var visiting: [String] = []
        do {
            return try WorkflowReader.document(
                Array(text.markup.utf8), file: text.file, dialect: .scxml, visiting: &visiting)
        } catch {
            let first = error.items.first { $0.severity == .error } ?? error.items.first
            throw DocumentSourceError(
                message: "the invoked document is not a usable SCXML document: "
                    + (first.map { "line \($0.line): \($0.message)" } ?? "\(error)"))
        }
    }
}

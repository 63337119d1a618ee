/// Where an interpreter finds the child documents that are chosen when an `<invoke>` runs (`srcexpr`, and
/// `<content expr>`), lent by the host as it lends ``HostFunctions``.
///
/// The interpreter asks only when such an invoke runs, and records the text it was given (with the files it
/// includes) in the snapshot, so that a restore parses that text again and never reads a file. A host that lends
/// none (the case layer) makes those invokes raise `error.execution`.
public protocol DocumentSource: Sendable {
    /// Reads the document a URI names, with every file it includes.
    /// - Parameters:
    ///   - uri: The evaluated `srcexpr`, such as `file:child.scxml`.
    ///   - file: The file of the document that invokes it, which relative URIs are resolved against.
    /// - Returns: The document's text, the file it came from (which its own relative URIs are resolved against),
    ///   and the files it includes.
    /// - Throws: ``DocumentSourceError`` when there is no such document or it cannot be read.
    func text(at uri: String, from file: String) throws(DocumentSourceError) -> DocumentText

    /// Completes markup held in the datamodel (a `<content expr>` value) with the files it includes.
    /// - Parameters:
    ///   - markup: The markup.
    ///   - file: The file of the document that invokes it, which the markup's relative URIs are resolved against.
    /// - Throws: ``DocumentSourceError`` when an included file cannot be read.
    func text(markup: String, from file: String) throws(DocumentSourceError) -> DocumentText

    /// Parses a text from ``text(at:from:)`` or ``text(markup:from:)``, or recorded in a snapshot, reading nothing:
    /// the files it includes come from ``DocumentText/includes``.
    /// - Returns: The document, with the child documents it names statically loaded.
    /// - Throws: ``DocumentSourceError`` when the text is not a usable SCXML document.
    func document(_ text: DocumentText) throws(DocumentSourceError) -> Document
}

/// A child document's text, the file it is read as, and the files it includes: everything needed to build it
/// again without reading anything.
public struct DocumentText: Hashable, Sendable {
    /// The markup.
    public var markup: String
    /// The file the markup came from, or the invoking document's file for markup held in the datamodel.
    public var file: String
    /// The text of every file the document names statically (`<invoke src>`, `<data src>`, at any depth), by the
    /// path it was read from.
    public var includes: [String: String]

    /// Creates a document text.
    public init(markup: String, file: String, includes: [String: String] = [:]) {
        self.markup = markup
        self.file = file
        self.includes = includes
    }
}

/// Why a document source could not give a document; the interpreter raises `error.execution` with the message.
public struct DocumentSourceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, in words for the document's author.
    public var message: String

    /// Creates an error.
    public init(message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

/// A document source behind one reference.
final class DocumentSourceBox: Sendable {
    /// The source.
    let source: any DocumentSource

    init(_ source: any DocumentSource) {
        self.source = source
    }
}

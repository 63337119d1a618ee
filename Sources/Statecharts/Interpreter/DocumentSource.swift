/// Where an interpreter finds the child documents that are chosen when an `<invoke>` runs (`srcexpr`, and
/// `<content expr>`), lent by the host as it lends ``HostFunctions``.
///
/// The interpreter asks only when such an invoke runs, and records the text it was given in the snapshot, so that a
/// restore parses that text again and never fetches. A host that lends none (the case layer) makes those invokes
/// raise `error.execution`.
public protocol DocumentSource: Sendable {
    /// Reads the document a URI names.
    /// - Parameters:
    ///   - uri: The evaluated `srcexpr`, such as `file:child.scxml`.
    ///   - file: The file of the document that invokes it, which relative URIs are resolved against.
    /// - Returns: The document's text, and the file it came from (which its own relative URIs are resolved against).
    /// - Throws: ``DocumentSourceError`` when there is no such document or it cannot be read.
    func text(at uri: String, from file: String) throws(DocumentSourceError) -> DocumentText

    /// Parses a document's text.
    /// - Parameter text: The text, from ``text(at:from:)`` or a `<content expr>` value.
    /// - Returns: The document, with any child documents it names statically already loaded.
    /// - Throws: ``DocumentSourceError`` when the text is not a well-formed SCXML document.
    func document(_ text: DocumentText) throws(DocumentSourceError) -> Document
}

/// A child document's text and the file it is read as.
public struct DocumentText: Hashable, Sendable {
    /// The markup.
    public var markup: String
    /// The file the markup came from, or the invoking document's file for markup held in the datamodel.
    public var file: String

    /// Creates a document text.
    public init(markup: String, file: String) {
        self.markup = markup
        self.file = file
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

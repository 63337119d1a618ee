/// An `<invoke>` of a child SCXML session, whose document the loader has already resolved.
public struct Invoke: Hashable, Sendable {
    /// The `type`/`typeexpr` values; nil means SCXML.
    public var type: String?
    /// The `typeexpr` source.
    public var typeExpr: String?
    /// The `id` attribute.
    public var id: String?
    /// The `idlocation` attribute.
    public var idLocation: String?
    /// The `src` attribute as written (the loader resolves it into ``document``).
    public var src: String?
    /// The `srcexpr` source, evaluated when the invoke runs (see ``DocumentSource``).
    public var srcExpr: String?
    /// Whether external events are forwarded to the child.
    public var autoforward: Bool
    /// Data ids whose values are passed to the child.
    public var namelist: [String]
    /// `<param>` children.
    public var params: [Param]
    /// The child document, from `src` or inline `<content>`.
    public var document: IndirectDocument?
    /// `<content expr>` when the document is given by an expression.
    public var contentExpr: String?
    /// `<finalize>` executable content.
    public var finalize: [Executable]
    /// The source line.
    public var line: Int

    /// Creates an invoke.
    public init(
        type: String? = nil, typeExpr: String? = nil, id: String? = nil, idLocation: String? = nil, src: String? = nil,
        srcExpr: String? = nil, autoforward: Bool = false, namelist: [String] = [], params: [Param] = [],
        document: Document? = nil, contentExpr: String? = nil, finalize: [Executable] = [], line: Int = 0
    ) {
        self.type = type
        self.typeExpr = typeExpr
        self.id = id
        self.idLocation = idLocation
        self.src = src
        self.srcExpr = srcExpr
        self.autoforward = autoforward
        self.namelist = namelist
        self.params = params
        self.document = document.map(IndirectDocument.init)
        self.contentExpr = contentExpr
        self.finalize = finalize
        self.line = line
    }
}

/// A boxed ``Document`` so that documents can nest inside invokes.
public final class IndirectDocument: Hashable, Sendable {
    /// The child document.
    public let document: Document

    /// Boxes a document.
    public init(_ document: Document) {
        self.document = document
    }

    /// Compares the boxed documents.
    public static func == (lhs: IndirectDocument, rhs: IndirectDocument) -> Bool {
        lhs.document == rhs.document
    }

    /// Hashes the boxed document.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(document)
    }
}

/// A parsed SCXML document: the root `<scxml>` element as plain values, in document order, with source lines.
public struct Document: Hashable, Sendable {
    /// When `<data>` elements get their values: all at start (early) or on first entry of their state (late).
    public enum Binding: String, Hashable, Sendable {
        /// Every `<data>` element is initialised when the document starts.
        case early
        /// Each state's `<data>` elements are initialised when that state is first entered.
        case late
    }

    /// The datamodel a document uses.
    public enum DatamodelKind: String, Hashable, Sendable {
        /// The null datamodel: no data, only `In()` conditions.
        case null
        /// Accredit's small, safe expression language.
        case accredit
    }

    /// The `name` attribute, exposed as `_name`.
    public var name: String?
    /// The file or label the document came from, used in diagnostics.
    public var file: String
    /// The ids of the initial states, or empty for the first child state.
    public var initial: [String]
    /// The data binding mode.
    public var binding: Binding
    /// The datamodel kind.
    public var datamodel: DatamodelKind
    /// The top-level `<datamodel>` data items.
    public var data: [DataItem]
    /// The top-level states, parallels and finals in document order.
    public var children: [StateNode]
    /// The line of the `<scxml>` start tag.
    public var line: Int
    /// Attributes and elements in foreign namespaces, kept for extensions.
    public var extensions: [ForeignNode]

    /// Creates a document.
    public init(
        name: String? = nil, file: String = "", initial: [String] = [], binding: Binding = .early,
        datamodel: DatamodelKind = .null, data: [DataItem] = [], children: [StateNode] = [], line: Int = 0,
        extensions: [ForeignNode] = []
    ) {
        self.name = name
        self.file = file
        self.initial = initial
        self.binding = binding
        self.datamodel = datamodel
        self.data = data
        self.children = children
        self.line = line
        self.extensions = extensions
    }
}

/// An attribute or element from a namespace other than SCXML's, kept verbatim for extensions.
public struct ForeignNode: Hashable, Sendable {
    /// The namespace URI.
    public var namespace: String
    /// The local name.
    public var name: String
    /// The attribute value, or the element's text content.
    public var value: String
    /// For an element, its attributes by local name; empty for an attribute.
    public var attributes: [String: String]
    /// The source line.
    public var line: Int

    /// Creates a foreign node.
    public init(namespace: String, name: String, value: String, attributes: [String: String] = [:], line: Int) {
        self.namespace = namespace
        self.name = name
        self.value = value
        self.attributes = attributes
        self.line = line
    }
}

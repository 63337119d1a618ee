/// An XML element read from a document: a plain value, with no libxml2 pointers, that remembers where it came from.
public struct XMLElement: Hashable, Sendable {
    /// The element's local name, without prefix.
    public var name: String
    /// The element's namespace URI, or nil when it has none.
    public var namespace: String?
    /// The attributes in document order.
    public var attributes: [XMLAttribute]
    /// Child elements and text, in document order; comments and processing instructions are dropped.
    public var children: [XMLNode]
    /// The 1-based line of the element's start tag.
    public var line: Int

    /// Creates an element.
    public init(
        name: String, namespace: String? = nil, attributes: [XMLAttribute] = [], children: [XMLNode] = [], line: Int = 0
    ) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.children = children
        self.line = line
    }

    /// The value of the attribute with this local name and namespace (nil namespace means an unprefixed attribute).
    public func attribute(_ name: String, namespace: String? = nil) -> String? {
        attributes.first { $0.name == name && $0.namespace == namespace }?.value
    }

    /// The child elements, skipping text.
    public var elements: [XMLElement] {
        children.compactMap { node in
            if case .element(let element) = node { return element }
            return nil
        }
    }

    /// The concatenated text of the direct text children.
    public var text: String {
        children.reduce(into: "") { text, node in
            if case .text(let value) = node { text += value }
        }
    }
}

/// One attribute of an ``XMLElement``.
public struct XMLAttribute: Hashable, Sendable {
    /// The local name, without prefix.
    public var name: String
    /// The namespace URI, or nil for an unprefixed attribute.
    public var namespace: String?
    /// The attribute value, with entities and character references resolved.
    public var value: String

    /// Creates an attribute.
    public init(name: String, namespace: String? = nil, value: String) {
        self.name = name
        self.namespace = namespace
        self.value = value
    }
}

/// A node in an element's content.
public enum XMLNode: Hashable, Sendable {
    /// A child element.
    case element(XMLElement)
    /// Character data (text and CDATA sections).
    case text(String)
}

/// A `<data>` element: an id and its initial value as an expression or inline content.
public struct DataItem: Hashable, Sendable {
    /// The data id.
    public var id: String
    /// The `expr` attribute source.
    public var expr: String?
    /// Inline content (or content the loader read from `src`), parsed as JSON when possible, else a string.
    public var content: String?
    /// The source line.
    public var line: Int

    /// Creates a data item.
    public init(id: String, expr: String? = nil, content: String? = nil, line: Int = 0) {
        self.id = id
        self.expr = expr
        self.content = content
        self.line = line
    }
}

/// A `<param name expr|location>` of `<send>`, `<invoke>` or `<donedata>`.
public struct Param: Hashable, Sendable {
    /// The key in the event data.
    public var name: String
    /// The value expression (`expr`, or `location` read as an expression).
    public var expr: String
    /// The source line.
    public var line: Int

    /// Creates a param.
    public init(name: String, expr: String, line: Int = 0) {
        self.name = name
        self.expr = expr
        self.line = line
    }
}

/// A `<content>` child: an `expr` or literal text.
public struct Content: Hashable, Sendable {
    /// The `expr` attribute source.
    public var expr: String?
    /// The literal text, trimmed.
    public var text: String?
    /// The source line.
    public var line: Int

    /// Creates content.
    public init(expr: String? = nil, text: String? = nil, line: Int = 0) {
        self.expr = expr
        self.text = text
        self.line = line
    }
}

/// The `<donedata>` of a `<final>`: content or params.
public struct DoneData: Hashable, Sendable {
    /// The `<content>` child, if any.
    public var content: Content?
    /// The `<param>` children.
    public var params: [Param]

    /// Creates done data.
    public init(content: Content? = nil, params: [Param] = []) {
        self.content = content
        self.params = params
    }
}

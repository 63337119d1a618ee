/// A problem found while compiling a ``Document`` for the interpreter: bad ids, targets or expressions.
public struct DocumentIssue: Hashable, Sendable, CustomStringConvertible {
    /// The document's file or label.
    public var file: String
    /// The element's source line.
    public var line: Int
    /// The column inside the attribute value for expression errors, else 0.
    public var column: Int
    /// A stable rule name such as `scxml.target` or `scxml.expression`.
    public var rule: String
    /// What is wrong.
    public var message: String

    /// Creates an issue.
    public init(file: String, line: Int, column: Int = 0, rule: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.rule = rule
        self.message = message
    }

    /// The issue as `file:line:column: error: rule: message`.
    public var description: String { "\(file):\(line):\(column): error: \(rule): \(message)" }
}

/// Every problem that stops a document from being interpreted.
public struct DocumentError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The problems, in document order.
    public var issues: [DocumentIssue]

    /// Wraps issues.
    public init(_ issues: [DocumentIssue]) {
        self.issues = issues
    }

    /// One issue per line.
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

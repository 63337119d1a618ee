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
    /// Whether it stops the document (an error) or only warns (a construct the spec makes fail when it runs).
    public var severity: Severity

    /// How much an issue matters.
    public enum Severity: String, Hashable, Sendable {
        /// The document cannot be interpreted.
        case error
        /// The document runs; the construct raises `error.execution` when it is evaluated, as the spec says.
        case warning
    }

    /// Creates an issue.
    public init(
        file: String, line: Int, column: Int = 0, rule: String, message: String, severity: Severity = .error
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.rule = rule
        self.message = message
        self.severity = severity
    }

    /// The issue as `file:line:column: severity: rule: message`.
    public var description: String { "\(file):\(line):\(column): \(severity.rawValue): \(rule): \(message)" }
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

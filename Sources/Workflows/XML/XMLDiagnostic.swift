/// One problem found in a definition file, reported as `file:line:column: severity: rule: message`.
public struct XMLDiagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Hashable, Sendable {
        /// The file cannot be used.
        case error
        /// The file can be used, but something looks wrong.
        case warning
    }

    /// The file name or label the text came from.
    public var file: String
    /// 1-based line, or 0 when unknown.
    public var line: Int
    /// 1-based column, or 0 when unknown.
    public var column: Int
    /// Whether this is an error or a warning.
    public var severity: Severity
    /// A stable rule name such as `xml.syntax`, `xsd.valid` or `xml.entity`.
    public var rule: String
    /// What is wrong, in one line.
    public var message: String

    /// Creates a diagnostic.
    public init(file: String, line: Int, column: Int = 0, severity: Severity = .error, rule: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.rule = rule
        self.message = message
    }

    /// The diagnostic as `file:line:column: severity: rule: message`.
    public var description: String {
        "\(file):\(line):\(column): \(severity.rawValue): \(rule): \(message)"
    }
}

/// Every problem found while reading or validating a document; thrown when there is at least one error.
public struct XMLDiagnostics: Error, Hashable, Sendable, CustomStringConvertible {
    /// The diagnostics in the order they were found.
    public var items: [XMLDiagnostic]

    /// Wraps a list of diagnostics.
    public init(_ items: [XMLDiagnostic]) {
        self.items = items
    }

    /// One diagnostic per line.
    public var description: String {
        items.map(\.description).joined(separator: "\n")
    }
}

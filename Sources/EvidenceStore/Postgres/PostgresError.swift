/// An error from PostgreSQL or libpq, with the server's SQLSTATE and fields; its description never contains a password.
public struct PostgresError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        /// The server could not be reached or refused the login.
        public static let connectionFailed = Code(name: "connectionFailed")
        /// The connection broke while a statement was running.
        public static let connectionLost = Code(name: "connectionLost")
        /// The server rejected a statement; see ``PostgresError/sqlState``.
        public static let server = Code(name: "server")
        /// A result value could not be turned into the Swift type asked for.
        public static let decoding = Code(name: "decoding")
        /// The wrapper was used the wrong way, for example a nested transaction.
        public static let misuse = Code(name: "misuse")

        /// The code's name.
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// The five-character SQLSTATE for server errors, such as `23505` for a unique violation.
    public var sqlState: String?
    /// The primary message.
    public var message: String
    /// The server's optional detail line.
    public var detail: String?
    /// The server's optional hint about what to do.
    public var hint: String?
    /// The constraint involved, when the server names one.
    public var constraint: String?

    /// Creates an error.
    public init(
        code: Code, message: String, sqlState: String? = nil, detail: String? = nil, hint: String? = nil,
        constraint: String? = nil
    ) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
    }

    /// One line for people: `server error 23505: message (detail) hint: …`.
    public var description: String {
        var text: String
        switch code {
        case .server: text = "database error \(sqlState ?? "?????"): \(message)"
        case .connectionFailed: text = "cannot connect to PostgreSQL: \(message)"
        case .connectionLost: text = "lost the connection to PostgreSQL: \(message)"
        default: text = message
        }
        if let detail { text += " (\(detail))" }
        if let hint { text += "; hint: \(hint)" }
        return text
    }
}

extension PostgresError {
    /// Well-known SQLSTATE values the project reacts to.
    public enum SQLState {
        /// `unique_violation`.
        public static let uniqueViolation = "23505"
        /// `foreign_key_violation`.
        public static let foreignKeyViolation = "23503"
        /// `check_violation`.
        public static let checkViolation = "23514"
        /// `undefined_table`.
        public static let undefinedTable = "42P01"
        /// `syntax_error`.
        public static let syntaxError = "42601"
        /// `query_canceled`, raised by `statement_timeout` too.
        public static let queryCanceled = "57014"
        /// `serialization_failure`.
        public static let serializationFailure = "40001"
        /// `character_not_in_repertoire`, for example a NUL byte in text.
        public static let characterNotInRepertoire = "22021"
    }

    /// Whether this is a server error with the given SQLSTATE.
    public func hasSQLState(_ state: String) -> Bool {
        code == .server && sqlState == state
    }
}

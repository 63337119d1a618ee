import CLibPQ

/// Helpers for libpq connection strings (keyword/value or URL form).
public enum ConnectionString {
    /// Parses a connection string into its keywords, or returns libpq's complaint.
    static func parse(_ conninfo: String) -> Result<[(String, String)], PostgresError> {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &errorMessage) else {
            let message = errorMessage.map { String(cString: $0) } ?? "invalid connection string"
            if let errorMessage { PQfreemem(errorMessage) }
            return .failure(PostgresError(code: .connectionFailed, message: message.trimmingTrailingWhitespace))
        }
        defer { PQconninfoFree(options) }
        var pairs: [(String, String)] = []
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                pairs.append((String(cString: keyword), String(cString: value)))
            }
            option += 1
        }
        return .success(pairs)
    }

    /// A safe description such as `user=postgres host=/tmp port=5432 dbname=accredit`, without the password.
    public static func describe(_ conninfo: String) -> String {
        guard case .success(let pairs) = parse(conninfo) else { return "unparseable connection string" }
        let shown = ["user", "host", "hostaddr", "port", "dbname", "service"]
        let parts = pairs.filter { shown.contains($0.0) }.map { "\($0.0)=\($0.1)" }
        return parts.isEmpty ? "libpq defaults (PG* environment)" : parts.joined(separator: " ")
    }

    /// Returns the connection string with some keywords replaced (for example `dbname`), in keyword/value form.
    ///
    /// - Throws: ``PostgresError`` when the original string cannot be parsed.
    public static func replacing(_ conninfo: String, with overrides: [String: String]) throws(PostgresError) -> String {
        let pairs = try parse(conninfo).get()
        var merged = pairs.filter { overrides[$0.0] == nil }
        merged += overrides.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return merged.map { "\($0.0)=\(quote($0.1))" }.joined(separator: " ")
    }

    /// Quotes a value for keyword/value form: single quotes, with `\` and `'` escaped.
    static func quote(_ value: String) -> String {
        var quoted = "'"
        for character in value {
            if character == "\\" || character == "'" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "'"
    }
}

extension String {
    var trimmingTrailingWhitespace: String {
        var text = self
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }
}

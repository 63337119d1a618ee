import AccreditAPI

/// A browser's request as the portal's pages see it, whatever server carried it.
public struct PortalRequest: Sendable {
    /// GET for a page, POST for a form.
    public var method: APIMethod
    /// The path, without the query, such as `/cases/C-1`.
    public var path: String
    /// The query parameters (each name once).
    public var query: [String: String]
    /// The submitted form (empty for a GET).
    public var form: FormFields
    /// Where the request came from, for the authentication log.
    public var remote: String?
    /// The session cookie's value, when the browser sent one.
    public var sessionCookie: String?

    /// Creates a request.
    public init(
        _ method: APIMethod, _ path: String, query: [String: String] = [:], form: FormFields = FormFields(),
        remote: String? = nil, sessionCookie: String? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.form = form
        self.remote = remote
        self.sessionCookie = sessionCookie
    }

    /// The path and query as the browser asked for them, for coming back after signing in.
    public var target: String {
        guard !query.isEmpty else { return path }
        return path + "?"
            + query.keys.sorted().map { "\(PortalLinks.escape($0))=\(PortalLinks.escape(query[$0] ?? ""))" }
            .joined(separator: "&")
    }
}

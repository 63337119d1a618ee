import AccreditAPI

/// One page or form of the portal: its method, its path template and what it does.
public struct PortalRoute: Sendable {
    /// Who may reach it.
    public enum Access: Sendable {
        /// Anyone: signing in, the public register, checking a certificate.
        case anyone
        /// A signed-in person; others are sent to sign in first.
        case signedIn
    }

    /// GET (a page) or POST (a form).
    public let method: APIMethod
    /// The path template, with parameters in braces: `/cases/{case}`.
    public let path: String
    /// Who may reach it.
    public let access: Access
    /// Whether it only reads, and a read replica that has applied every write the server made may answer it.
    public let replica: Bool
    /// What it does.
    let handler: @Sendable (PortalCall) throws -> PortalResponse
    /// The template, split once.
    let template: [Substring]

    /// Creates a route.
    init(
        _ method: APIMethod, _ path: String, access: Access = .signedIn, replica: Bool = false,
        _ handler: @escaping @Sendable (PortalCall) throws -> PortalResponse
    ) {
        self.method = method
        self.path = path
        self.access = access
        self.replica = replica
        self.handler = handler
        self.template = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { $0 }
    }

    /// The path's parameters when `path` matches the template, or nil.
    func match(_ path: String) -> [String: String]? {
        let given = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard given.count == template.count else { return nil }
        var parameters: [String: String] = [:]
        for (part, pattern) in zip(given, template) {
            if pattern.hasPrefix("{"), pattern.hasSuffix("}") {
                guard !part.isEmpty, let decoded = String(part).removingPercentEncodingSafely else { return nil }
                parameters[String(pattern.dropFirst().dropLast())] = decoded
            } else if part != pattern {
                return nil
            }
        }
        return parameters
    }
}

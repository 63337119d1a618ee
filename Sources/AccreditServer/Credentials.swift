import AccreditAPI
import CaseService
import EvidenceStore
import Foundation
import Hummingbird

/// What a request presents to say who is acting: a bearer token, or a browser session cookie (with the CSRF token
/// that an unsafe request must echo).
struct Credentials: Sendable {
    /// `Authorization: Bearer …`.
    var bearer: String?
    /// The session cookie's value.
    var session: String?
    /// `X-CSRF-Token`.
    var csrfToken: String?

    /// The credentials a request carries; `cookie` names the session cookie.
    init(_ request: Request, cookie: String) {
        if let authorization = request.headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                bearer = String(parts[1]).trimmingCharacters(in: .whitespaces)
            } else {
                bearer = ""
            }
        }
        session = request.cookies[cookie]?.value
        csrfToken = request.headers[.csrfToken]
    }

    /// The acting actor, or nil when the request carries no credential.
    ///
    /// - Throws: ``CaseServiceError`` `.unauthenticated` for a credential that is malformed, unknown, expired or
    ///   revoked, or a session-authenticated unsafe request without its CSRF token.
    func actor(desk: CaseDesk, method: APIMethod, remote: String?) throws -> String? {
        if let bearer {
            return try desk.authenticate(token: bearer, remote: remote).id
        }
        guard let session else { return nil }
        let (actor, csrf) = try desk.session(cookie: session)
        if method != .get {
            guard let csrfToken, Secrets.constantTimeEqual(Array(csrfToken.utf8), Array(csrf.utf8)) else {
                throw CaseServiceError(
                    code: .unauthenticated,
                    message: "a signed-in browser must send the session's CSRF token (X-CSRF-Token) with every change")
            }
        }
        return actor.id
    }
}

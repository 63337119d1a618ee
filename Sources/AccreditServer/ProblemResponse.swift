import AccreditAPI
import Hummingbird
import NIOCore
import Statecharts

extension Problem {
    /// The problem as an HTTP response: `application/problem+json`, with `Allow` for a 405 and
    /// `WWW-Authenticate` for a 401.
    var response: Response {
        var headers = HTTPFields()
        headers[.contentType] = Problem.mediaType
        headers[.cacheControl] = "no-store"
        if status == 401 { headers[.wwwAuthenticate] = "Bearer realm=\"accredit\"" }
        if case .integer(let seconds)? = extensions["retryAfter"] { headers[.retryAfter] = String(seconds) }
        if status == 408 { headers[.connection] = "close" }
        if status == 405, case .array(let methods)? = extensions["allow"] {
            headers[.allow] = methods.compactMap(\.stringValue).joined(separator: ", ")
        }
        return Response(
            status: .init(code: status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: CanonicalJSON.encodedBytes(document))))
    }
}

/// Turns what Hummingbird itself throws (no route, a body too large, a malformed request) into problem documents,
/// and adds the security headers every response carries.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = ServerContext

    /// Whether to send `Strict-Transport-Security` (behind TLS).
    let strictTransportSecurity: Bool
    /// The page for a problem at a path a browser asked for, or nil for a problem document.
    let page: @Sendable (Problem, String) -> Response?

    /// The paths the server serves itself, besides the API's routes: GET only.
    static let ownPaths: Set<String> = ["/healthz", "/metrics", "/api/v1/openapi.json"]

    func handle(
        _ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let problem as Problem {
            response = problem.response
        } catch let error as any HTTPResponseError {
            let status = Int(error.status.code)
            let problem: Problem =
                switch status {
                case 404: Self.notServed(request)
                case 405:
                    Problem(
                        status: 405, code: "route.method-not-allowed", title: "Method not allowed",
                        detail: "\(request.uri.path) does not take \(request.method.rawValue)")
                case 413:
                    Problem(
                        status: 413, code: "request.too-large", title: "Too large",
                        detail: "the request body is over the server's limit")
                default:
                    Problem(
                        status: status, code: "request.failed", title: error.status.reasonPhrase,
                        detail: "the request could not be handled (\(error.status.reasonPhrase))")
                }
            response = page(problem, request.uri.path) ?? problem.response
        }
        if strictTransportSecurity { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        response.headers[.xContentTypeOptions] = "nosniff"
        if response.headers[.frameOptions] == nil { response.headers[.frameOptions] = "DENY" }
        response.headers[.referrerPolicy] = "no-referrer"
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'none'; frame-ancestors 'none'"
        }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }

    /// Why nothing answered: 405 with the methods the path takes, when some route has it, else 404.
    static func notServed(_ request: Request) -> Problem {
        let path = request.uri.path
        var allowed = API.methods(at: path).map(\.rawValue)
        if ownPaths.contains(path) { allowed.append("GET") }
        if allowed.contains("GET") { allowed.append("HEAD") }
        guard !allowed.isEmpty else { return .noRoute(path) }
        return Problem(
            status: 405, code: "route.method-not-allowed", title: "Method not allowed",
            detail: "\(path) takes \(allowed.joined(separator: ", ")), not \(request.method.rawValue)",
            extensions: ["allow": .array(allowed.map(Value.string))])
    }
}

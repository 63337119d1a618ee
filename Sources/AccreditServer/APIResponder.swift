import AccreditAPI
import CaseService
import EvidenceStore
import Foundation
import Hummingbird
import Logging
import NIOCore
import Statecharts

/// Serves the API's routes: reads the request (a JSON body up to the limit, or an upload streamed into the blob
/// store), finds who is acting from the credential, runs the route with a pooled desk on the thread pool, and
/// writes the answer (JSON, a streamed file, or a problem document).
struct APIResponder: Sendable {
    /// The server's configuration.
    let configuration: ServerConfiguration
    /// The database connections.
    let pool: DeskPool
    /// What `/metrics` reports.
    let metrics: ServerMetrics
    /// Where problems the operator must see are logged.
    let logger: Logger

    /// Answers a request for `route`.
    func respond(to request: Request, context: ServerContext, route: APIRoute) async -> Response {
        let started = ContinuousClock.now
        let response: Response
        do {
            response = try await answer(request, context: context, route: route)
        } catch {
            let problem = Problem(error)
            metrics.refused(code: problem.code, status: problem.status)
            if problem.status >= 500 {
                context.logger.error(
                    "request failed", metadata: ["route": "\(route.path)", "error": "\(String(reflecting: error))"])
            }
            response = problem.response
        }
        let status = Int(response.status.code)
        let elapsed = started.duration(to: .now)
        metrics.request(
            method: route.method.rawValue, route: route.path, status: status,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        context.logger.info(
            "request",
            metadata: [
                "method": "\(route.method.rawValue)", "route": "\(route.path)", "status": "\(status)",
                "ms": "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)",
                "remote": "\(remote(request, context) ?? "-")",
            ])
        return response
    }

    private func answer(_ request: Request, context: ServerContext, route: APIRoute) async throws -> Response {
        guard let parameters = route.match(request.uri.path) else { throw Problem.noRoute(request.uri.path) }
        var apiRequest = APIRequest(
            route.method, request.uri.path, query: query(request),
            idempotencyKey: request.headers[.idempotencyKey],
            remote: remote(request, context))
        let credentials = Credentials(request)
        if route.streamsBody {
            return try await upload(request, apiRequest, credentials: credentials, parameters: parameters)
        }
        apiRequest.body = try await jsonBody(request)
        apiRequest.session = credentials.bearer == nil ? credentials.session : nil
        let method = route.method
        let prepared = apiRequest
        // Routes anyone may call (signing in, redeeming an invitation) ignore credentials: a stale cookie must not
        // stop a person signing in again.
        let anyone = route.access == .anyone
        let environment = configuration.environment
        let result = try await pool.run { desk in
            let actor = anyone ? nil : try credentials.actor(desk: desk, method: method, remote: prepared.remote)
            return try APIDispatch.perform(prepared, actor: actor, desk: desk, environment: environment)
        }
        return try await http(result)
    }

    /// The query parameters, the first value of each.
    private func query(_ request: Request) -> [String: String] {
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters where query[String(name)] == nil {
            query[String(name)] = String(value)
        }
        return query
    }

    /// The client's address: the peer, or the first `X-Forwarded-For` address behind a trusted proxy.
    private func remote(_ request: Request, _ context: ServerContext) -> String? {
        if configuration.trustForwardedFor, let forwarded = request.headers[.forwardedFor] {
            return forwarded.split(separator: ",").first.map { String($0).trimmingCharacters(in: .whitespaces) }
        }
        return context.peer
    }

    /// The JSON body (`.null` when there is none).
    ///
    /// - Throws: ``Problem`` 413 over the limit, 415 for another content type, 400 for malformed JSON.
    private func jsonBody(_ request: Request) async throws -> Value {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > configuration.maximumJSONBytes {
            throw Self.tooLarge(configuration.maximumJSONBytes)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: configuration.maximumJSONBytes)
        } catch {
            throw Self.tooLarge(configuration.maximumJSONBytes)
        }
        guard buffer.readableBytes > 0 else { return .null }
        let type = request.headers[.contentType]?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard type == "application/json" || type?.hasSuffix("+json") == true else {
            throw Problem(
                status: 415, code: "request.media-type", title: "Unsupported media type",
                detail: "send the body as application/json")
        }
        let body: Value
        do {
            body = try CanonicalJSON.parse(Array(buffer.readableBytesView))
        } catch {
            throw Problem.badRequest("the body is not valid JSON: \(error)")
        }
        // Every operation takes an object: `null`, an array or a bare value is a mistake, not "no body".
        guard case .object = body else {
            throw Problem.invalid("the request body must be a JSON object", code: "request.wrong-type")
        }
        return body
    }

    static func tooLarge(_ limit: Int) -> Problem {
        Problem(
            status: 413, code: "request.too-large", title: "Too large",
            detail: "the request body is over the server's limit of \(limit) bytes")
    }

    /// The HTTP response for an operation's answer.
    func http(_ result: APIResponse) async throws -> Response {
        var headers = HTTPFields()
        var response: Response
        switch result.body {
        case .json(let value):
            headers[.contentType] = "application/json"
            response = Response(
                status: .init(code: result.status), headers: headers,
                body: .init(byteBuffer: ByteBuffer(bytes: CanonicalJSON.encodedBytes(value))))
            if case .object(let fields) = value, case .array(let events)? = fields["events"],
                fields["seq"] != nil, fields["repeated"] == .bool(false)
            {
                metrics.appended(events.count)
            } else if case .object(let fields) = value, fields["sha256"] != nil, fields["repeated"] == .bool(false) {
                metrics.appended(1)
            }
        case .empty:
            response = Response(status: .noContent)
        case .file(let file):
            response = try download(file)
        }
        switch result.session {
        case .started(let session)?:
            response.setCookie(
                Cookie(
                    name: Credentials.sessionCookie, value: session.cookie, maxAge: 8 * 3600, path: "/",
                    secure: configuration.secureCookies, httpOnly: true, sameSite: .strict))
        case .ended?:
            response.setCookie(
                Cookie(
                    name: Credentials.sessionCookie, value: "", maxAge: 0, path: "/",
                    secure: configuration.secureCookies, httpOnly: true, sameSite: .strict))
        case nil:
            break
        }
        return response
    }
}

import AccreditAPI
import CaseService
import EvidenceStore
import Foundation
import Hummingbird
import Logging
import NIOCore
import Statecharts
import Synchronization

/// Serves the API's routes: reads the request (a JSON body up to the limit, or an upload streamed into the blob
/// store), finds who is acting from the credential, runs the route with a pooled desk on the thread pool, and
/// writes the answer (JSON, a streamed file, or a problem document).
struct APIResponder: Sendable {
    /// The server's configuration.
    let configuration: ServerConfiguration
    /// The database connections.
    let pool: DeskPool
    /// The read replica's connections, when the server has one.
    let replicas: ReplicaReads?
    /// What `/metrics` reports.
    let metrics: ServerMetrics
    /// Where problems the operator must see are logged.
    let logger: Logger
    /// Lets one spooled body (a many-case import) be received and imported at a time on this server.
    let spooling = OneAtATime(
        refusal: Problem(
            status: 429, code: "request.busy", title: "Busy",
            detail: "another import is running on this server: send yours when it has finished"))

    /// Answers a request for `route`.
    func respond(to request: Request, context: ServerContext, route: APIRoute) async -> Response {
        let started = ContinuousClock.now
        var response: Response
        let body = BodyRead()
        do {
            response = try await Self.$bodyRead.withValue(body) {
                try await answer(request, context: context, route: route)
            }
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
        if [401, 408, 413, 415, 429].contains(status), Self.hasBody(request.headers), !body.isDone {
            // A stranger's body, a trickle, a body over its limit or of the wrong type, or one sent while the server
            // is busy with another, refused before it was read to its end: Hummingbird would go on reading the rest
            // at whatever pace the client chooses, each byte resetting the idle timer. The answer says the
            // connection closes (so the client sends nothing more on it), has a moment to leave, and it closes. A
            // signed-in client refused by a rule keeps its connection, and gets its answer whole, while the rest of
            // its body is read and dropped.
            response.closeConnection(context.channel)
        }
        metrics.answered(
            method: route.method.rawValue, route: route.path, status: status, since: started,
            remote: remote(request, context), logger: context.logger)
        return response
    }

    private func answer(_ request: Request, context: ServerContext, route: APIRoute) async throws -> Response {
        guard let parameters = route.match(request.uri.path) else { throw Problem.noRoute(request.uri.path) }
        var apiRequest = APIRequest(
            route.method, request.uri.path, query: query(request),
            idempotencyKey: request.headers[.idempotencyKey],
            remote: remote(request, context))
        let credentials = Credentials(request, cookie: configuration.sessionCookie)
        if let capability = route.spooledFor {
            return try await spooled(request, apiRequest, credentials: credentials, capability: capability)
        }
        if route.streamsBody {
            return try await upload(request, apiRequest, credentials: credentials, parameters: parameters)
        }
        let method = route.method
        // Routes anyone may call (signing in, redeeming an invitation) ignore credentials: a stale cookie must not
        // stop a person signing in again.
        let anyone = route.access == .anyone
        let limit =
            anyone ? min(Self.unauthenticatedJSONBytes, configuration.maximumJSONBytes) : configuration.maximumJSONBytes
        if !anyone, Self.mayBeLarge(request.headers) {
            // A body that may be large is read only for someone signed in: a stranger cannot make the server hold
            // megabytes by sending them with no credential, or a wrong one.
            do {
                guard credentials.bearer != nil || credentials.session != nil else {
                    throw CaseServiceError(code: .unauthenticated, message: "sign in first: send a bearer token")
                }
                let remote = apiRequest.remote
                _ = try await pool.run { desk in
                    guard let actor = try credentials.actor(desk: desk, method: method, remote: remote) else {
                        throw CaseServiceError(code: .unauthenticated, message: "sign in first: send a bearer token")
                    }
                    return actor
                }
            } catch {
                await Self.discard(request.body, upTo: limit)
                throw error
            }
        }
        apiRequest.body = try await jsonBody(request, limit: limit)
        Self.bodyRead?.done()
        apiRequest.session = credentials.bearer == nil ? credentials.session : nil
        let prepared = apiRequest
        let environment = configuration.environment
        if route.replica, !anyone, let replicas {
            return try await replicaRead(prepared, credentials: credentials, replicas: replicas)
        }
        let replicas = method == .get ? nil : self.replicas
        let result = try await pool.run { desk in
            // Where the write ends in the WAL (also when it failed: it may have committed first), so that no
            // replica answers until it has applied it.
            defer { replicas?.wrote(desk) }
            let actor = anyone ? nil : try credentials.actor(desk: desk, method: method, remote: prepared.remote)
            return try APIDispatch.perform(prepared, actor: actor, desk: desk, environment: environment)
        }
        return try await http(result)
    }

    /// Answers a route that may be read from a replica: the credential is checked on the primary (which also says
    /// where its WAL ends now), then the replica answers if it has applied every write this server made and is
    /// within the allowed lag, else the primary does. The answer says which, and how far behind it may be.
    private func replicaRead(_ request: APIRequest, credentials: Credentials, replicas: ReplicaReads) async throws
        -> Response
    {
        let environment = configuration.environment
        let (actor, position) = try await pool.run { desk in
            guard let actor = try credentials.actor(desk: desk, method: request.method, remote: request.remote) else {
                throw CaseServiceError(code: .unauthenticated, message: "sign in first: send a bearer token")
            }
            return (actor, try desk.log.walPosition())
        }
        let perform: @Sendable (CaseDesk) throws -> APIResponse = { desk in
            try APIDispatch.perform(request, actor: actor, desk: desk, environment: environment)
        }
        let result: APIResponse
        let source: ReadSource
        if let answered = try await replicas.answer(primaryAt: position, perform) {
            (result, source) = answered
        } else {
            (result, source) = (try await pool.run(perform), .primary)
        }
        var response = try await http(result)
        source.label(&response.headers)
        return response
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

    /// Whether the current request's body has been read to its end.
    @TaskLocal static var bodyRead: BodyRead?

    /// The largest body a route that anyone may call (signing in, redeeming an invitation) takes, in bytes.
    static let unauthenticatedJSONBytes = 64 << 10

    /// Whether a request carries a body (announced, or chunked).
    static func hasBody(_ headers: HTTPFields) -> Bool {
        headers[.transferEncoding] != nil || (headers[.contentLength].flatMap(Int.init) ?? 0) > 0
    }

    /// Whether a request's body may be over ``unauthenticatedJSONBytes``: announced so, or sent in chunks of
    /// unknown total.
    static func mayBeLarge(_ headers: HTTPFields) -> Bool {
        if headers[.transferEncoding] != nil { return true }
        guard let length = headers[.contentLength] else { return false }
        return Int(length).map { $0 > unauthenticatedJSONBytes } ?? true
    }

    /// The JSON body (`.null` when there is none), read within the server's body deadline.
    ///
    /// - Throws: ``Problem`` 413 over `limit`, 415 for another content type, 400 for malformed JSON or a body cut
    ///   off, 408 for a body that takes longer than ``ServerConfiguration/bodyDeadlineSeconds``.
    private func jsonBody(_ request: Request, limit: Int) async throws -> Value {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            await Self.discard(request.body, upTo: limit)
            throw Self.tooLarge(limit)
        }
        let deadline = ContinuousClock.now + .seconds(configuration.bodyDeadlineSeconds)
        var buffer = ByteBuffer()
        var iterator = request.body.makeAsyncIterator()
        while let chunk = try await Self.nextChunk(&iterator) {
            guard buffer.readableBytes + chunk.readableBytes <= limit else { throw Self.tooLarge(limit) }
            guard ContinuousClock.now <= deadline else { throw Self.tooSlow(configuration.bodyDeadlineSeconds) }
            var chunk = chunk
            buffer.writeBuffer(&chunk)
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

    /// The next chunk of a body, or nil at its end.
    ///
    /// - Throws: ``Problem`` 400 `request.incomplete` when the connection failed or closed before the body ended.
    static func nextChunk(_ iterator: inout RequestBody.AsyncIterator) async throws -> ByteBuffer? {
        do {
            return try await iterator.next()
        } catch {
            throw Problem.badRequest(
                "the request body was cut off before its end; nothing was stored: send the request again",
                code: "request.incomplete")
        }
    }

    /// The answer to a body that arrives too slowly.
    static func tooSlow(_ seconds: Int64) -> Problem {
        Problem(
            status: 408, code: "request.too-slow", title: "Request timeout",
            detail: "the request body did not arrive within the server's \(seconds) seconds; nothing was stored: "
                + "send it again")
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
        response.setSession(result.session, configuration: configuration)
        return response
    }
}

extension Response {
    /// Says the connection closes, and closes it a moment after this answer has been written: a client still sending
    /// a body the server will not read (a stranger's, a trickle, a refused upload) is not read from at its own pace.
    ///
    /// The moment counts from when the answer has been handed to the channel, not from when it was made: a busy
    /// server may take longer than that moment to write it, and must not close before it has.
    mutating func closeConnection(_ channel: any Channel) {
        headers[.connection] = "close"
        let answer = body
        body = ResponseBody(contentLength: answer.contentLength) { writer in
            defer { channel.eventLoop.scheduleTask(in: .seconds(1)) { channel.close(promise: nil) } }
            try await answer.write(writer)
        }
    }
}

/// Whether a request's body was read to its end (set once, by the task answering the request).
final class BodyRead: Sendable {
    private let read = Mutex(false)

    /// Whether it was.
    var isDone: Bool { read.withLock { $0 } }

    /// Records that it was.
    func done() { read.withLock { $0 = true } }
}

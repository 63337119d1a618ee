import AccreditAPI
import AccreditPortal
import CaseService
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOPosix
import Statecharts
import UnixSignals

/// The accredit server: the one process that holds the database credentials that can write and the signing key,
/// and the single place the rules are enforced. People reach it with a credential (a bearer token or a browser
/// session), never by naming whom they act as.
public struct AccreditServer: Sendable {
    /// How it runs.
    public let configuration: ServerConfiguration
    /// Where its structured log lines go.
    public let logger: Logger
    private let pool: DeskPool
    private let replicas: ReplicaReads?
    private let metrics = ServerMetrics()
    private let portal: Portal

    /// Creates a server; `deskFactory` opens a desk over a new database connection (called once per pooled
    /// connection, on a pool thread), and `replicaDeskFactory`, when given, one over a connection to a read replica
    /// (a streaming standby of the same cluster), which answers the routes that may be read there.
    public init(
        configuration: ServerConfiguration, logger: Logger, deskFactory: @escaping @Sendable () throws -> CaseDesk,
        replicaDeskFactory: (@Sendable () throws -> CaseDesk)? = nil
    ) {
        var configuration = configuration
        configuration.environment.maximumBundleFileBytes = configuration.maximumBundleFileBytes
        configuration.environment.readerCheckpointSeconds = configuration.readerCheckpointSeconds
        self.configuration = configuration
        self.logger = logger
        do {
            portal = try Portal(registerSeconds: configuration.registerCacheSeconds)
        } catch {
            preconditionFailure("a compiled-in portal template is malformed: \(error)")
        }
        // One thread per connection (libpq blocks), and two more for file work: the shared pool has only as many
        // threads as cores, which would let two requests reach the database at a time whatever the connections.
        let replicaThreads = replicaDeskFactory == nil ? 0 : configuration.replicaConnections
        let threads = NIOThreadPool(numberOfThreads: configuration.connections + replicaThreads + 2)
        threads.start()
        let states = CaseStateCache(capacity: configuration.cachedCases)
        if let replicaDeskFactory {
            // The state cache is not shared with the replica's desks: a replica's fold of a case may be older than
            // the primary's, and must not replace it (nor be served to a reader as the primary's).
            replicas = ReplicaReads(
                pool: DeskPool(
                    limit: configuration.replicaConnections, threads: threads,
                    factory: {
                        let desk = try replicaDeskFactory()
                        desk.authentication = .verifiedCredential
                        return desk
                    }),
                maximumLagMilliseconds: configuration.maximumReplicaLagMilliseconds)
        } else {
            replicas = nil
        }
        self.pool = DeskPool(
            limit: configuration.connections, threads: threads,
            factory: {
                let desk = try deskFactory()
                desk.authentication = .verifiedCredential
                desk.stateCache = states
                return desk
            })
    }

    /// The Hummingbird application; `onRunning` is told the port once it listens.
    public func application(
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var http1 = HTTP1Channel.Configuration()
        http1.idleTimeout = .seconds(configuration.idleTimeoutSeconds)
        return Application(
            router: router(),
            server: .http1(configuration: http1),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "accredit"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Runs until SIGTERM or SIGINT, then stops taking connections and finishes the requests in flight.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        defer { pool.threads.shutdownGracefully { _ in } }
        try await application(onRunning: onRunning).runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }

    /// Every route: health, metrics, the OpenAPI document, the API's routes and the portal's pages.
    func router() -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        let pool = self.pool
        let metrics = self.metrics
        let responder = APIResponder(
            configuration: configuration, pool: pool, replicas: replicas, metrics: metrics, logger: logger)
        let pages = PortalResponder(
            portal: portal, configuration: configuration, pool: pool, metrics: metrics, api: responder)
        router.add(
            middleware: ProblemMiddleware(
                strictTransportSecurity: configuration.secureCookies,
                page: { problem, path in
                    // A browser's address that names no page gets the portal's page, not a JSON document.
                    path.hasPrefix("/api/") || ProblemMiddleware.ownPaths.contains(path)
                        ? nil : pages.http(pages.portal.standalone(problem))
                }))
        Self.get(router, "/healthz") { _, _ -> Response in
            do {
                _ = try await pool.run { desk in try desk.now() }
                return Self.json(["status": "ok"])
            } catch {
                return Problem(
                    status: 503, code: "health.database", title: "Unavailable",
                    detail: "the database cannot be reached"
                ).response
            }
        }
        Self.get(router, "/metrics") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: metrics.text())))
        }
        Self.get(router, "/api/v1/openapi.json") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[.cacheControl] = "public, max-age=300"
            return Response(
                status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: API.openAPIDocument)))
        }
        for route in API.routes {
            let path = Self.hummingbirdPath(route.path)
            if route.method == .get {
                Self.get(router, path) { request, context in
                    await responder.respond(to: request, context: context, route: route)
                }
            } else {
                router.on(RouterPath(path), method: HTTPRequest.Method(rawValue: route.method.rawValue) ?? .get) {
                    request, context in await responder.respond(to: request, context: context, route: route)
                }
            }
        }
        for page in Portal.pages {
            let path = Self.hummingbirdPath(page.path)
            if page.method == .get {
                Self.get(router, path) { request, context in
                    await pages.respond(to: request, context: context, route: page.path)
                }
            } else {
                router.on(RouterPath(path), method: .post) { request, context in
                    await pages.respond(to: request, context: context, route: page.path)
                }
            }
        }
        router.on("/cases/:case/evidence", method: .post) { request, context in
            // Hummingbird gives the segment as sent; the portal's and the API's routes decode it, and so does this one.
            let caseID = (context.parameters.get("case") ?? "").removingPercentEncodingSafely ?? ""
            return await pages.measured(request, context: context, route: "/cases/{case}/evidence") {
                await pages.upload(request, context: context, caseID: caseID)
            }
        }
        for asset in Portal.assetPaths {
            Self.get(router, asset) { request, context in
                await pages.respond(to: request, context: context, route: asset)
            }
        }
        return router
    }

    /// Serves `handler` for GET at `path`, and for HEAD as GET without the body (RFC 9110 9.3.2): the same status
    /// and headers.
    static func get(
        _ router: Router<ServerContext>, _ path: String,
        _ handler: @escaping @Sendable (Request, ServerContext) async throws -> Response
    ) {
        router.on(RouterPath(path), method: .get, use: handler)
        router.on(RouterPath(path), method: .head) { request, context in
            let answer = try await handler(request, context)
            return Response(status: answer.status, headers: answer.headers)
        }
    }

    /// `/api/v1/cases/{case}` as Hummingbird writes it: `/api/v1/cases/:case`.
    static func hummingbirdPath(_ path: String) -> String {
        guard path != "/" else { return path }
        return path.split(separator: "/").map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : String(segment)
        }.reduce("") { $0 + "/" + $1 }
    }

    /// A small JSON response.
    static func json(_ value: Value, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(
            status: status, headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: CanonicalJSON.encodedBytes(value))))
    }
}

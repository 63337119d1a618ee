import AccreditAPI
import AccreditPortal
import CaseService
import EvidenceStore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// Serves the web portal's pages: reads the browser's form and cookie, hands the request to ``Portal`` with a
/// pooled desk, and turns its answer into HTTP with the pages' security headers.
struct PortalResponder: Sendable {
    /// The pages.
    let portal: Portal
    /// The server's configuration.
    let configuration: ServerConfiguration
    /// The database connections.
    let pool: DeskPool
    /// What `/metrics` reports.
    let metrics: ServerMetrics
    /// The API's responder, whose download streams and re-hashes evidence files.
    let api: APIResponder

    /// The largest form body, in bytes (the portal's forms carry a few fields; files go to the upload route).
    static let maximumFormBytes = 64 << 10

    /// The pages' Content-Security-Policy: their own stylesheet and script only, no inline script or style, forms
    /// posted only here, and never framed.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; "
        + "frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// Answers a browser's request for a page, a form or an asset.
    func respond(to request: Request, context: ServerContext, route: String) async -> Response {
        await measured(request, context: context, route: route) {
            do {
                let crossSite = Self.isCrossSite(request.headers, authority: request.head.authority)
                let limit = Portal.formLimit(request.uri.path) ?? Self.maximumFormBytes
                var gate: OneAtATime.Ticket?
                if request.method == .post, limit > Self.maximumFormBytes {
                    // A form that may be large (a definition's source) is read only for someone who may send it,
                    // from this site, one at a time; anyone else's body is never read.
                    gate = try await largeFormSender(request, context: context, crossSite: crossSite)
                }
                defer { gate?.release() }
                let portalRequest = try await Self.portalRequest(
                    request, context: context, configuration: configuration, formLimit: limit)
                if let replicas = api.replicas, Portal.readsFromReplica(portalRequest.method, portalRequest.path),
                    let page = try await replicaPage(portalRequest, replicas: replicas, crossSite: crossSite)
                {
                    return page
                }
                let portal = self.portal
                let environment = configuration.environment
                let replicas = request.method == .get ? nil : api.replicas
                let answer = try await pool.run { desk in
                    // Where a form's write ends in the WAL, so that no replica answers until it has applied it.
                    defer { replicas?.wrote(desk) }
                    return portal.respond(portalRequest, desk: desk, environment: environment, crossSite: crossSite)
                }
                return http(answer)
            } catch {
                let unread = error as? UnreadBody
                let problem = unread?.problem ?? Problem(error)
                var response = http(portal.standalone(problem))
                // A form refused before it was read to its end: the rest is not waited for.
                if unread != nil || problem.status == 408 || problem.status == 413 {
                    response.closeConnection(context.channel)
                }
                return response
            }
        }
    }

    /// Answers a page that may be read from a replica, as ``APIResponder`` answers such a route: the session is
    /// checked on the primary (which also says where its WAL ends now), then the replica renders the page if it has
    /// applied every write this server made and is within the lag limit, else the primary does. The answer says
    /// which, in `Accredit-Read-From` and `Accredit-Read-Lag-Ms`. Returns nil when nobody is signed in: the
    /// primary answers that (sending them to sign in).
    func replicaPage(_ request: PortalRequest, replicas: ReplicaReads, crossSite: Bool) async throws -> Response? {
        let portal = self.portal
        let environment = configuration.environment
        let (viewer, position) = try await pool.run { desk in
            (try portal.signedIn(request, desk: desk), try desk.log.walPosition())
        }
        guard let viewer else { return nil }
        let page: @Sendable (CaseDesk) throws -> PortalResponse = { desk in
            try portal.respond(request, as: viewer, desk: desk, environment: environment, crossSite: crossSite)
        }
        let answer: PortalResponse
        let source: ReadSource
        if let answered = try await replicas.answer(primaryAt: position, page) {
            (answer, source) = answered
        } else {
            answer = try await pool.run { desk in
                portal.respond(request, desk: desk, environment: environment, crossSite: crossSite)
            }
            source = .primary
        }
        var response = http(answer)
        source.label(&response.headers)
        return response
    }

    /// Lets one large form be read at a time: each is held in memory while it is parsed.
    static let largeForms = OneAtATime(
        refusal: Problem(
            status: 429, code: "request.busy", title: "Busy",
            detail: "another definition is being published: send yours again in a moment"))

    /// The check before a large form's body is read: signed in, from this site, allowed to publish, and no other
    /// large form being read; a refused request's connection is closed once answered, its body unread.
    func largeFormSender(_ request: Request, context: ServerContext, crossSite: Bool) async throws
        -> OneAtATime.Ticket
    {
        let bare = try await Self.portalRequest(
            request, context: context, configuration: configuration, readsForm: false)
        let portal = self.portal
        do {
            try await pool.run { desk in
                let actor = try portal.formSender(bare, desk: desk, crossSite: crossSite, token: false).actor.id
                try desk.require(.publish, by: actor)
            }
            return try Self.largeForms.take()
        } catch {
            throw UnreadBody(problem: Problem(error))
        }
    }

    /// Runs `answer`, recording the request in the metrics and the log.
    func measured(
        _ request: Request, context: ServerContext, route: String, _ answer: () async -> Response
    ) async -> Response {
        let started = ContinuousClock.now
        let response = await answer()
        metrics.answered(
            method: request.method.rawValue, route: route, status: Int(response.status.code), since: started,
            remote: context.peer, logger: context.logger)
        return response
    }

    /// The answer to a form over `limit` bytes.
    static func formTooLarge(_ limit: Int) -> Problem {
        Problem(
            status: 413, code: "request.too-large", title: "Too large",
            detail: "the form is over \(limit >> 10) KiB; evidence files go in the case's upload form")
    }

    /// The request as the portal takes it: the form read (unless `readsForm` is false: an upload streams it) (at
    /// most `formLimit` bytes, within the body deadline), the session cookie and the client's address.
    ///
    /// - Throws: ``Problem`` 413 for a form too large, 415 for a body that is not a URL-encoded form, 400 for a
    ///   malformed one.
    static func portalRequest(
        _ request: Request, context: ServerContext, configuration: ServerConfiguration, readsForm: Bool = true,
        formLimit: Int = maximumFormBytes
    ) async throws -> PortalRequest {
        let method: APIMethod = request.method == .post ? .post : .get
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters where query[String(name)] == nil {
            query[String(name)] = String(value)
        }
        var form = FormFields()
        if method == .post, readsForm {
            let type = request.headers[.contentType]?.split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            }
            if let length = request.headers[.contentLength].flatMap(Int.init), length > formLimit {
                throw Self.formTooLarge(formLimit)
            }
            // Read within the server's body deadline, however it trickles.
            let deadline = ContinuousClock.now + .seconds(configuration.bodyDeadlineSeconds)
            var body: [UInt8] = []
            var iterator = request.body.makeAsyncIterator()
            while let chunk = try await APIResponder.nextChunk(&iterator) {
                guard body.count + chunk.readableBytes <= formLimit else { throw Self.formTooLarge(formLimit) }
                guard ContinuousClock.now <= deadline else {
                    throw Problem(
                        status: 408, code: "request.too-slow", title: "Request timeout",
                        detail:
                            "the form took over \(configuration.bodyDeadlineSeconds) seconds to arrive; nothing was "
                            + "done: send it again")
                }
                body += chunk.readableBytesView
            }
            if !body.isEmpty, let contentType = request.headers[.contentType],
                let boundary = MultipartParser.boundary(contentType: contentType)
            {
                form = try Self.smallMultipart(body, boundary: boundary)
            } else if !body.isEmpty {
                guard type == "application/x-www-form-urlencoded" else {
                    throw Problem(
                        status: 415, code: "request.media-type", title: "Unsupported media type",
                        detail: "send the form as application/x-www-form-urlencoded")
                }
                do {
                    form = try FormFields(urlEncoded: body)
                } catch {
                    throw Problem.badRequest(error.description)
                }
            }
        }
        var remote = context.peer
        if configuration.trustForwardedFor, let forwarded = request.headers[.forwardedFor] {
            remote = forwarded.split(separator: ",").first.map { String($0).trimmingCharacters(in: .whitespaces) }
        }
        return PortalRequest(
            method, request.uri.path, query: query, form: form, remote: remote,
            sessionCookie: request.cookies[configuration.sessionCookie]?.value)
    }

    /// A small `multipart/form-data` form read whole (a certificate file to check, a definition to publish): each
    /// part a field, a file's content as its text and its name as the field `NAME.filename`. Evidence files never
    /// come this way; they stream (``upload(_:context:caseID:)``).
    ///
    /// - Throws: ``Problem`` 400 for a malformed body.
    static func smallMultipart(_ bytes: [UInt8], boundary: String) throws -> FormFields {
        do {
            var parser = try MultipartParser(boundary: boundary)
            var pairs: [(name: String, value: String)] = []
            var current: (name: String, bytes: [UInt8])?
            for event in try parser.feed(bytes) {
                switch event {
                case .begin(let part):
                    guard pairs.count < FormFields.maximumFields else {
                        throw Problem.badRequest(
                            "the form has over \(FormFields.maximumFields) fields", code: "request.multipart")
                    }
                    current = (part.name, [])
                    if let fileName = part.fileName { pairs.append((part.name + ".filename", fileName)) }
                case .data(let data): current?.bytes += data
                case .end:
                    if let (name, data) = current {
                        // Text is taken as sent or not at all: a file that is not UTF-8 would be changed by decoding.
                        guard let text = String(validating: data, as: UTF8.self) else {
                            throw Problem.badRequest(
                                "\(name) is not UTF-8 text: save the file as UTF-8 and send it again",
                                code: "request.multipart")
                        }
                        pairs.append((name, text))
                    }
                    current = nil
                }
            }
            try parser.finish()
            return FormFields(pairs)
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem.badRequest("\(error)", code: "request.multipart")
        }
    }

    /// Whether the browser says the request came from another site: `Sec-Fetch-Site` other than same-origin or
    /// none (typed by the person), or else an `Origin` whose host and port are not the `authority` asked for.
    static func isCrossSite(_ headers: HTTPFields, authority: String?) -> Bool {
        if let site = headers[.secFetchSite]?.lowercased() {
            return site != "same-origin" && site != "none"
        }
        guard let origin = headers[.origin] else { return false }
        guard origin != "null", let host = URL(string: origin)?.host else { return true }
        let port = URL(string: origin)?.port.map { ":\($0)" } ?? ""
        let asked = (authority ?? "").lowercased()
        return asked != (host + port).lowercased() && asked != host.lowercased()
    }

    /// The portal's answer as HTTP.
    func http(_ answer: PortalResponse) -> Response {
        var headers = HTTPFields()
        var response: Response
        switch answer.body {
        case .html(let bytes):
            headers[.contentType] = "text/html; charset=utf-8"
            headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
            response = Response(
                status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        case .redirect(let location):
            headers[.location] = location
            response = Response(status: .seeOther, headers: headers)
        case .asset(let bytes, let mediaType):
            headers[.contentType] = mediaType
            headers[.cacheControl] = "public, max-age=300"
            response = Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        case .file(let file):
            do {
                response = try api.download(file)
            } catch {
                response = http(portal.standalone(Problem(error)))
            }
        }
        response.setSession(answer.session, configuration: configuration)
        return response
    }
}

/// A refusal given before a request's body was read: the connection is closed after the answer.
struct UnreadBody: Error {
    /// The refusal.
    let problem: Problem
}

import AccreditAPI
import AccreditPortal
import CaseService
import EvidenceStore
import Foundation
import Hummingbird
import NIOCore

extension PortalResponder {
    /// The most bytes of plain fields (with every part's name) an upload form may carry.
    static let maximumUploadFieldBytes = 16 << 10
    /// The most parts an upload form may have (its few fields and the files chosen).
    static let maximumUploadParts = 64

    /// Answers the evidence upload form (`multipart/form-data`, which works without JavaScript): the fields that
    /// come first (the CSRF token, the request id, the criterion, what a file replaces) are read and checked, then
    /// each file streams into the store and is recorded as the API's upload route records it, one evidence item per
    /// file, each with its own request id so that a resent form stores nothing twice.
    func upload(_ request: Request, context: ServerContext, caseID: String) async -> Response {
        let page = PortalLinks.casePage(caseID)
        var portalRequest: PortalRequest
        do {
            portalRequest = try await Self.portalRequest(
                request, context: context, configuration: configuration, readsForm: false)
        } catch {
            return http(portal.standalone(Problem(error)))
        }
        portalRequest.path = page + "/evidence"
        let crossSite = Self.isCrossSite(request.headers, authority: request.head.authority)
        var session = UploadSession(caseID: caseID)
        var iterator = request.body.makeAsyncIterator()
        var failure: (any Error)?
        do {
            guard let contentType = request.headers[.contentType],
                let boundary = MultipartParser.boundary(contentType: contentType)
            else {
                throw Problem(
                    status: 415, code: "request.media-type", title: "Unsupported media type",
                    detail: "send the upload form as multipart/form-data")
            }
            // Before a byte of the body is read: someone signed in, on this site (the token is in the body).
            _ = try await sender(portalRequest, crossSite: crossSite, token: false)
            var parser = try MultipartParser(boundary: boundary)
            var rate = RateWindow(configuration: configuration)
            while !parser.isDone, let chunk = try await APIResponder.nextChunk(&iterator) {
                try rate.add(chunk.readableBytes)
                for event in try parser.feed(Array(chunk.readableBytesView)) {
                    try await session.take(event, request: &portalRequest, responder: self, crossSite: crossSite)
                }
            }
            try parser.finish()
            if session.sender == nil {
                _ = try await sender(portalRequest, crossSite: crossSite)
            }
            guard session.stored > 0 else {
                throw Problem.invalid("choose at least one file to upload", code: "portal.no-file")
            }
        } catch {
            failure = error
        }
        if let failure {
            session.abandon()
            await Self.drain(&iterator)
            let problem = Self.uploadProblem(failure, caseID: caseID)
            let answered = portalRequest
            let portal = self.portal
            let environment = configuration.environment
            let answer =
                (try? await pool.run { desk in
                    portal.uploadRefused(
                        problem, caseID: caseID, request: answered, desk: desk, environment: environment)
                }) ?? portal.standalone(problem)
            var response = http(answer)
            response.closeConnection(context.channel)
            return response
        }
        return http(.seeOther(page + "?notice=uploaded#criterion-\(PortalLinks.escape(session.criterion ?? ""))"))
    }

    /// Reads and drops what is left of a refused form's body, up to 16 MiB or 5 seconds (whichever comes first, checked
    /// as pieces arrive), so that a browser still sending gets the page rather than a reset connection; the
    /// connection is then closed.
    static func drain(_ iterator: inout RequestBody.AsyncIterator) async {
        let deadline = ContinuousClock.now + .seconds(5)
        var drained = 0
        while drained < 16 << 20, ContinuousClock.now < deadline,
            let chunk = try? await APIResponder.nextChunk(&iterator)
        {
            drained += chunk.readableBytes
        }
    }

    /// The signed-in person sending the form, checked on a pooled desk (with the CSRF token unless `token` is
    /// false).
    func sender(_ request: PortalRequest, crossSite: Bool, token: Bool = true) async throws -> String {
        let portal = self.portal
        return try await pool.run { desk in
            try portal.formSender(request, desk: desk, crossSite: crossSite, token: token).actor.id
        }
    }

    /// Any failure of an upload form as a problem: a malformed body is 400.
    static func uploadProblem(_ error: any Error, caseID: String) -> Problem {
        switch error {
        case let multipart as MultipartError:
            return Problem.badRequest(multipart.description, code: "request.multipart")
        case let form as FormError:
            return Problem.badRequest(form.description)
        case let store as StoreError:
            return StreamedUpload.problem(store, caseID: caseID)
        default:
            return Problem(error, caseID: caseID)
        }
    }
}

/// What an upload form has delivered so far: its plain fields, the person sending it (checked at the first file),
/// and the file streaming now.
struct UploadSession {
    /// The case.
    let caseID: String
    /// The signed-in person, once checked.
    var sender: String?
    /// The plain field being read: its name and bytes.
    var field: (name: String, bytes: [UInt8])?
    /// Bytes of plain fields read in all.
    var fieldBytes = 0
    /// The file streaming now, with its name and request id (nil while a part is skipped: no file chosen, or a
    /// repeat of a file already recorded).
    var file: (upload: StreamedUpload, name: String, requestID: String?)?
    /// Files recorded (or found already recorded).
    var stored = 0
    /// Files met, for each one's request id.
    var files = 0
    /// Parts met.
    var parts = 0
    /// The criterion the files support.
    var criterion: String?
    /// Which of the criterion's expected evidence items they are for (the form's `item`, or the `/n` of a
    /// `criterion` chosen as `SL-1.1/2`), as the API's `?item=` takes it.
    var item: String?

    /// Takes the parser's next event.
    mutating func take(
        _ event: MultipartParser.Event, request: inout PortalRequest, responder: PortalResponder, crossSite: Bool
    ) async throws {
        switch event {
        case .begin(let part):
            parts += 1
            fieldBytes += part.name.utf8.count + (part.fileName?.utf8.count ?? 0)
            guard parts <= PortalResponder.maximumUploadParts, fieldBytes <= PortalResponder.maximumUploadFieldBytes
            else {
                throw Problem(
                    status: 413, code: "request.too-large", title: "Too large",
                    detail: "the form has more than \(PortalResponder.maximumUploadParts) parts or over "
                        + "\(PortalResponder.maximumUploadFieldBytes) bytes of fields and names: upload fewer files at once"
                )
            }
            guard let fileName = part.fileName else {
                field = (part.name, [])
                return
            }
            try await begin(file: fileName, request: request, responder: responder, crossSite: crossSite)
        case .data(let bytes):
            if field != nil {
                fieldBytes += bytes.count
                guard fieldBytes <= PortalResponder.maximumUploadFieldBytes else {
                    throw Problem(
                        status: 413, code: "request.too-large", title: "Too large",
                        detail: "the form's fields are over \(PortalResponder.maximumUploadFieldBytes) bytes")
                }
                field?.bytes += bytes
            } else if let file {
                try await file.upload.write(bytes)
            }
        case .end:
            if let (name, bytes) = field {
                guard let value = String(validating: bytes, as: UTF8.self) else {
                    throw Problem.badRequest("the form's field \(name) is not UTF-8 text")
                }
                var pairs = request.form.pairs
                pairs.append((name, value))
                request.form = FormFields(pairs)
                field = nil
            } else if let file {
                self.file = nil
                let blob = try await file.upload.finish(expected: nil)
                try await record(
                    .stored(blob), name: file.name, requestID: file.requestID, request: request, responder: responder)
            }
        }
    }

    /// A file part begins: checks the sender (once), admits the upload and starts streaming it.
    mutating func begin(
        file name: String, request: PortalRequest, responder: PortalResponder, crossSite: Bool
    ) async throws {
        if sender == nil { sender = try await responder.sender(request, crossSite: crossSite) }
        // An empty file input sends a part with no name and no content: nothing was chosen.
        guard !name.isEmpty, let actor = sender else { return }
        guard var chosen = request.form.trimmed("criterion") else {
            throw Problem.invalid("choose the criterion the evidence supports", code: "portal.criterion")
        }
        var item = request.form.trimmed("item")
        if let slash = chosen.lastIndex(of: "/") {
            item = String(chosen[chosen.index(after: slash)...])
            chosen = String(chosen[..<slash])
        }
        let criterion = chosen
        (self.criterion, self.item) = (criterion, item)
        files += 1
        let requestID = request.form.trimmed("request").map { "\($0)-\(files)" }
        let supersedes = request.form.trimmed("supersedes")
        let number = try CaseRoutes.evidenceItem(["item": item ?? ""])
        let caseID = self.caseID
        // The maximum size, or nil when this request id already recorded the file (the form was resent): the earlier
        // upload stands, and this copy is read and dropped.
        let maximum = try await responder.pool.run { desk -> Int64? in
            switch try desk.admitUpload(
                caseID, criterion: criterion, item: number, supersedes: supersedes, by: actor, requestID: requestID)
            {
            case .repeated: nil
            case .admitted(let maximum): maximum
            }
        }
        guard let maximum else {
            stored += 1
            return
        }
        file = (
            try StreamedUpload(
                configuration: responder.configuration, threads: responder.pool.threads, maximum: maximum, label: name),
            name, requestID
        )
    }

    /// Records a stored file as evidence, through the API's upload route.
    mutating func record(
        _ source: UploadSource, name: String, requestID: String?, request: PortalRequest, responder: PortalResponder
    ) async throws {
        guard let actor = sender, let criterion else { return }
        var query = ["criterion": criterion, "name": name]
        if let supersedes = request.form.trimmed("supersedes") { query["supersedes"] = supersedes }
        if let item { query["item"] = item }
        let apiRequest = APIRequest(
            .post, "/api/v1/cases/\(PortalLinks.escape(caseID))/evidence", query: query, idempotencyKey: requestID,
            remote: request.remote)
        let environment = responder.configuration.environment
        let replicas = responder.api.replicas
        _ = try await responder.pool.run { desk in
            defer { replicas?.wrote(desk) }
            return try APIDispatch.perform(
                apiRequest, actor: actor, desk: desk, upload: source, environment: environment)
        }
        stored += 1
    }

    /// Gives up the file streaming now, if any.
    func abandon() {
        file?.upload.abandon()
    }
}

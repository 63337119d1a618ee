import AccreditAPI
import CaseService
import EvidenceStore
import Foundation
import Hummingbird
import NIOPosix

extension APIResponder {
    /// A route whose body is a file it reads whole (a many-case import, NDJSON): the credential, `capability` and
    /// the content type are checked before a byte is read; the body is spooled to a private temporary file in the evidence store's
    /// `tmp` (within ``ServerConfiguration/maximumImportBytes`` and the minimum upload rate), the route runs with its
    /// path, and the file is removed whatever happens.
    func spooled(
        _ request: Request, _ apiRequest: APIRequest, credentials: Credentials, capability: Capability
    ) async throws -> Response {
        let actor: String
        do {
            let remote = apiRequest.remote
            actor = try await pool.run { desk in
                guard let actor = try credentials.actor(desk: desk, method: .post, remote: remote) else {
                    throw CaseServiceError(code: .unauthenticated, message: "sign in first: send a bearer token")
                }
                try desk.require(capability, by: actor)
                return actor
            }
            let type = request.headers[.contentType]?.split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            }
            guard type == "application/x-ndjson" || type == "application/jsonl" else {
                throw Problem(
                    status: 415, code: "request.media-type", title: "Unsupported media type",
                    detail: "send the cases as application/x-ndjson: one JSON object a line, each a case to import")
            }
        } catch {
            await Self.discard(request.body, upTo: 16 << 20)
            throw error
        }
        let limit = configuration.maximumImportBytes
        let announced = request.headers[.contentLength].flatMap(Int64.init)
        if let announced, announced > limit { throw Self.spoolTooLarge(limit) }
        // One at a time: each holds up to the limit on the evidence volume, and a connection for its transaction.
        let ticket = try spooling.take()
        defer { ticket.release() }
        let spool = try SpoolFile(in: configuration.blobs.root + "/tmp", threads: pool.threads)
        defer { spool.remove() }
        var rate = RateWindow(configuration: configuration)
        var iterator = request.body.makeAsyncIterator()
        while let chunk = try await Self.nextChunk(&iterator) {
            guard spool.size + Int64(chunk.readableBytes) <= limit else { throw Self.spoolTooLarge(limit) }
            try rate.add(chunk.readableBytes)
            try await spool.write(Array(chunk.readableBytesView))
        }
        if let announced, spool.size != announced {
            throw Problem.badRequest(
                "the body ended after \(spool.size) of the \(announced) bytes announced; nothing was imported: send "
                    + "it again", code: "request.incomplete")
        }
        Self.bodyRead?.done()
        try await spool.close()
        let replicas = self.replicas
        let path = spool.path
        let result = try await pool.run { desk in
            defer { replicas?.wrote(desk) }
            // The body may have taken hours: a token revoked or a session ended meanwhile is refused now.
            guard try credentials.actor(desk: desk, method: .post, remote: apiRequest.remote) == actor else {
                throw CaseServiceError(code: .unauthenticated, message: "sign in again: the credential ended")
            }
            return try APIDispatch.perform(apiRequest, actor: actor, desk: desk, upload: .path(path))
        }
        return try await http(result)
    }

    /// The answer to a spooled body over the limit.
    static func spoolTooLarge(_ limit: Int64) -> Problem {
        Problem(
            status: 413, code: "request.too-large", title: "Too large",
            detail: "the body is over the server's import limit of \(limit >> 20) MiB; nothing was imported: split "
                + "the cases into several files")
    }
}

/// A private temporary file a request body is written into, a piece at a time on the file threads.
final class SpoolFile: @unchecked Sendable {
    /// Its path.
    let path: String
    /// The threads that do file work.
    private let threads: NIOThreadPool
    /// The open file.
    private let handle: FileHandle
    /// Bytes written.
    private(set) var size: Int64 = 0

    /// Creates the file in `directory`: new (never one already there, nor through a symbolic link), mode 0600.
    ///
    /// - Throws: ``Problem`` 507 when it cannot be created.
    init(in directory: String, threads: NIOThreadPool) throws {
        path = directory + "/spool-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        self.threads = threads
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Self.failure }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// The answer when the body cannot be stored (the server's log has the cause; the client learns no path).
    static let failure = Problem(
        status: 507, code: "request.spool-failed", title: "Cannot store the request",
        detail: "the server could not store the body; nothing was done: try again later")

    /// Writes the next piece.
    func write(_ bytes: [UInt8]) async throws {
        size += Int64(bytes.count)
        do {
            try await threads.runIfActive { try self.handle.write(contentsOf: bytes) }
        } catch {
            throw Self.failure
        }
    }

    /// Closes the file once everything is written.
    func close() async throws {
        try await threads.runIfActive { try self.handle.close() }
    }

    /// Removes the file.
    func remove() {
        try? handle.close()
        unlink(path)
    }
}

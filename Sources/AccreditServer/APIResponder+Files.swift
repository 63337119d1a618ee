import AccreditAPI
import AccreditEngine
import CaseService
import Crypto
import EvidenceStore
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import Statecharts

extension APIResponder {
    /// An upload: checks the credential and that the actor may upload to the case now (before a byte is stored),
    /// streams the body into the blob store while hashing it (memory stays bounded), checks an announced digest,
    /// then records the evidence. A request id already used answers with the earlier upload, streaming nothing.
    func upload(
        _ request: Request, _ apiRequest: APIRequest, credentials: Credentials, parameters: [String: String]
    ) async throws -> Response {
        let caseID = parameters["case"] ?? ""
        let admission: (String, Int64?, APIResponse?)
        let expected: String?
        do {
            expected = try Self.announcedSHA256(request.headers)
            admission = try await admit(apiRequest, credentials: credentials, caseID: caseID)
        } catch {
            // Answered before the body was read: read (and discard) a bounded part of it first, so that a client
            // still sending gets the answer rather than a reset connection.
            await Self.discard(request.body, upTo: 16 << 20)
            throw error
        }
        if let repeated = admission.2 {
            try await sameUpload(request, repeated, caseID: caseID, expected: expected)
            return try await http(repeated)
        }
        return try await store(
            request, apiRequest, caseID: caseID, actor: admission.0, maximum: admission.1 ?? 0, expected: expected)
    }

    /// The credential and the admission check, on a pooled desk: the actor, and the upload limit or the earlier
    /// upload's answer.
    private func admit(
        _ apiRequest: APIRequest, credentials: Credentials, caseID: String
    ) async throws -> (String, Int64?, APIResponse?) {
        try await pool.run { desk -> (String, Int64?, APIResponse?) in
            guard let actor = try credentials.actor(desk: desk, method: .post, remote: apiRequest.remote) else {
                throw CaseServiceError(code: .unauthenticated, message: "sign in first: send a bearer token")
            }
            do {
                switch try desk.admitUpload(
                    caseID, criterion: apiRequest.query["criterion"],
                    item: try CaseRoutes.evidenceItem(apiRequest.query),
                    supersedes: apiRequest.query["supersedes"], by: actor,
                    requestID: try CaseRoutes.requestID(apiRequest))
                {
                case .repeated:
                    // The route answers with the earlier upload; nothing is streamed.
                    return (actor, nil, try APIDispatch.perform(apiRequest, actor: actor, desk: desk, upload: nil))
                case .admitted(let maximum):
                    return (actor, maximum, nil)
                }
            } catch let problem as Problem {
                throw problem
            } catch {
                throw Problem(error, caseID: caseID)
            }
        }
    }

    /// Checks that a request repeating an earlier upload's request id sends the same file: by its announced digest,
    /// else by hashing the body as it streams (nothing is stored, and no more is read than the earlier file's size
    /// and one byte).
    ///
    /// - Throws: ``Problem`` 422 `request.reused` when the file differs from the one the id recorded.
    private func sameUpload(_ request: Request, _ repeated: APIResponse, caseID: String, expected: String?) async throws
    {
        guard case .json(.object(let earlier)) = repeated.body, case .string(let recorded)? = earlier["sha256"],
            case .integer(let size)? = earlier["size"]
        else { return }
        var actual = expected
        if actual == nil {
            var hasher = SHA256()
            var read: Int64 = 0
            var iterator = request.body.makeAsyncIterator()
            while let chunk = try await Self.nextChunk(&iterator), read <= size {
                read += Int64(chunk.readableBytes)
                hasher.update(data: chunk.readableBytesView)
            }
            if read <= size { Self.bodyRead?.done() }
            actual = read > size ? "" : hasher.finalize().map { String(format: "%02x", $0) }.joined()
        } else {
            await Self.discard(request.body, upTo: 16 << 20)
        }
        guard actual == recorded else {
            throw Problem(
                CaseRefusal(
                    rule: "request.reused",
                    message: "this Idempotency-Key recorded a different file (sha256 \(recorded.prefix(12))…) in "
                        + "\(caseID): send a new upload with a new key"),
                caseID: caseID)
        }
    }

    /// Reads and drops up to `limit` bytes of a body, for at most `seconds` (a client still sending then gets the
    /// answer rather than a reset connection, and a trickling one is not waited for).
    static func discard(_ body: RequestBody, upTo limit: Int, seconds: Int64 = 5) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var read = 0
                do {
                    for try await chunk in body {
                        read += chunk.readableBytes
                        if read >= limit { break }
                    }
                } catch {
                    return
                }
            }
            group.addTask { try? await Task.sleep(for: .seconds(seconds)) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Streams an admitted upload into the store and records it.
    private func store(
        _ request: Request, _ apiRequest: APIRequest, caseID: String, actor: String, maximum: Int64, expected: String?
    ) async throws -> Response {
        guard apiRequest.query["criterion"]?.isEmpty == false else {
            throw Problem.invalid("give the criterion the evidence supports as ?criterion=, such as SL-1.1")
        }
        if let length = request.headers[.contentLength].flatMap(Int64.init), length > maximum {
            throw Problem(
                status: 413, code: "evidence.file-refused", title: "Too large",
                detail: "the file is \(length) bytes, over the store's upload limit of \(maximum) bytes")
        }
        let upload = try StreamedUpload(
            configuration: configuration, threads: pool.threads, maximum: maximum,
            label: apiRequest.query["name"] ?? "the upload")
        let blob: StoredBlob
        do {
            var iterator = request.body.makeAsyncIterator()
            while let chunk = try await Self.nextChunk(&iterator) {
                try await upload.write(Array(chunk.readableBytesView))
            }
            if let length = request.headers[.contentLength].flatMap(Int64.init), upload.received != length {
                throw Problem.badRequest(
                    "the file ended after \(upload.received) of the \(length) bytes announced; nothing was stored: send "
                        + "it again", code: "request.incomplete")
            }
            Self.bodyRead?.done()
            blob = try await upload.finish(expected: expected)
        } catch let error as StoreError {
            upload.abandon()
            throw StreamedUpload.problem(error, caseID: caseID)
        } catch {
            upload.abandon()
            throw error
        }
        let replicas = self.replicas
        let result = try await pool.run { desk in
            defer { replicas?.wrote(desk) }
            return try APIDispatch.perform(apiRequest, actor: actor, desk: desk, upload: .stored(blob))
        }
        return try await http(result)
    }

    /// The SHA-256 a client announced with `Content-Digest: sha-256=:BASE64:` (RFC 9530) or `Digest: SHA-256=BASE64`
    /// (RFC 3230), as hex.
    ///
    /// - Throws: ``Problem`` 400 for a digest header that names SHA-256 but cannot be read.
    static func announcedSHA256(_ headers: HTTPFields) throws -> String? {
        var encoded: String?
        if let header = headers[.contentDigest] {
            for item in header.split(separator: ",") {
                let parts = item.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "sha-256"
                else { continue }
                encoded = parts[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(
                    in: CharacterSet(charactersIn: ":"))
            }
        } else if let header = headers[.digest] {
            for item in header.split(separator: ",") {
                let parts = item.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "sha-256"
                else { continue }
                encoded = parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        guard let encoded else { return nil }
        guard let bytes = Data(base64Encoded: encoded), bytes.count == 32 else {
            throw Problem.badRequest(
                "the digest header's sha-256 value must be 32 bytes in base64, such as Content-Digest: sha-256=:…=:",
                code: "request.digest")
        }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// A file streamed from the blob store in 1 MiB chunks, re-hashed on the way; if the content no longer matches
    /// its address the stream breaks off, so the client never gets a complete wrong file. `Content-Digest` lets
    /// the client check too.
    func download(_ file: FileDownload) throws -> Response {
        // A temporary file made for this response is opened now and removed at once: the open handle keeps its
        // content until the body is sent, and nothing is left behind if it never is.
        var opened: HandleBox?
        if file.temporary {
            defer { unlink(file.path) }
            opened = HandleBox(try FileHandle(forReadingFrom: URL(fileURLWithPath: file.path)))
        }
        let preopened = opened
        var headers = HTTPFields()
        headers[.contentType] = file.mediaType
        headers[.contentLength] = String(file.size)
        let hex = file.sha256
        var digest = [UInt8]()
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            digest.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        headers[.contentDigest] = "sha-256=:\(Data(digest).base64EncodedString()):"
        headers[.eTag] = "\"\(file.sha256)\""
        headers[.contentDisposition] = Self.disposition(file.fileName, inline: file.inline)
        if file.inline {
            // Shown in the portal's evidence page: framed by this site only, and never able to run anything.
            headers[.contentSecurityPolicy] =
                "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
                + "frame-ancestors 'self'"
            headers[.frameOptions] = "SAMEORIGIN"
            headers[.cacheControl] = "private, no-store"
        }
        let threads = pool.threads
        let path = file.path
        let logger = self.logger
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody(contentLength: Int(file.size)) { writer in
                let box: HandleBox
                if let preopened {
                    box = preopened
                } else {
                    box = try await threads.runIfActive {
                        HandleBox(try FileHandle(forReadingFrom: URL(fileURLWithPath: path)))
                    }
                }
                defer { try? box.handle.close() }
                var hasher = SHA256()
                // Each chunk is sent only once the next one is read, and the last only after the whole content
                // hashed to its address: a corrupt file is never delivered complete.
                var pending = Data()
                while true {
                    let chunk = try await threads.runIfActive { try box.handle.read(upToCount: 1 << 20) ?? Data() }
                    if chunk.isEmpty { break }
                    hasher.update(data: chunk)
                    if !pending.isEmpty { try await writer.write(ByteBuffer(bytes: pending)) }
                    pending = chunk
                }
                let actual = hasher.finalize().map { String(format: "%02x", $0) }.joined()
                guard actual == hex else {
                    logger.error(
                        "stored evidence file is corrupt; the download was broken off",
                        metadata: ["sha256": "\(hex)", "actual": "\(actual)"])
                    throw StoreError(code: .evidenceFileCorrupt, message: "stored file \(hex.prefix(12))… is corrupt")
                }
                if !pending.isEmpty { try await writer.write(ByteBuffer(bytes: pending)) }
                try await writer.finish(nil)
            })
    }

    /// `attachment; filename="…"; filename*=UTF-8''…`, with the name made safe for a header.
    static func disposition(_ name: String, inline: Bool = false) -> String {
        let ascii = String(
            name.unicodeScalars.map { scalar -> Character in
                scalar.isASCII && scalar.value >= 0x20 && scalar != "\"" && scalar != "\\" && scalar.value != 0x7F
                    ? Character(scalar) : "_"
            })
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ascii
        return "\(inline ? "inline" : "attachment"); filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}

/// A file handle handed between the event loop and the thread pool.
final class HandleBox: @unchecked Sendable {
    let handle: FileHandle

    init(_ handle: FileHandle) {
        self.handle = handle
    }
}

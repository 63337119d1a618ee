import CaseService
import EvidenceStore
import Statecharts

/// The HTTP methods the API uses.
public enum APIMethod: String, Hashable, Sendable, CaseIterable {
    /// Read.
    case get = "GET"
    /// Create or act.
    case post = "POST"
    /// Remove or end.
    case delete = "DELETE"
}

/// Who may call a route.
public enum RouteAccess: Hashable, Sendable {
    /// Anyone: signing in, redeeming an invitation, the OpenAPI document.
    case anyone
    /// A signed-in actor (a bearer token or a browser session).
    case signedIn
}

/// A request as the operations see it, whether it came over HTTP or from the command-line tool in direct mode.
public struct APIRequest: Sendable {
    /// The method.
    public var method: APIMethod
    /// The path, without the query, such as `/api/v1/cases/C-1`.
    public var path: String
    /// The query parameters (each name once).
    public var query: [String: String]
    /// The JSON body, or `.null`.
    public var body: Value
    /// The `Idempotency-Key` header: the request id that makes a retried write apply once.
    public var idempotencyKey: String?
    /// Where the request came from, for the authentication log.
    public var remote: String?
    /// The browser session cookie the request was signed in with (nil for a bearer token), for signing out.
    public var session: String?

    /// Creates a request.
    public init(
        _ method: APIMethod, _ path: String, query: [String: String] = [:], body: Value = .null,
        idempotencyKey: String? = nil, remote: String? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.idempotencyKey = idempotencyKey
        self.remote = remote
    }
}

/// A file an upload brings: a path on this machine (direct mode) or a file the server has already stored while
/// streaming the request body.
public enum UploadSource: Sendable {
    /// A file to read and store.
    case path(String)
    /// A file already stored in the blob store, with its digest checked.
    case stored(StoredBlob)
}

/// What an operation is given: the desk, the acting actor, the path parameters and the request.
public struct APICall {
    /// The desk, over one database connection.
    public let desk: CaseDesk
    /// The signed-in actor, or nil on a route anyone may call.
    public let actor: String?
    /// The path's parameters, such as `case` for `/api/v1/cases/{case}`.
    public let parameters: [String: String]
    /// The request.
    public let request: APIRequest
    /// The file an upload brings.
    public let upload: UploadSource?
    /// What the front end holds beside the desk: the signing key's home, where things are published.
    public let environment: APIEnvironment

    /// Creates a call.
    public init(
        desk: CaseDesk, actor: String?, parameters: [String: String], request: APIRequest, upload: UploadSource? = nil,
        environment: APIEnvironment = APIEnvironment()
    ) {
        self.desk = desk
        self.actor = actor
        self.parameters = parameters
        self.request = request
        self.upload = upload
        self.environment = environment
    }

    /// The signed-in actor.
    ///
    /// - Throws: ``CaseServiceError`` `.unauthenticated` on a route that was reached without one.
    public func signedIn() throws -> String {
        guard let actor else {
            throw CaseServiceError(code: .unauthenticated, message: "sign in first: send a bearer token")
        }
        return actor
    }

    /// A path parameter.
    public func parameter(_ name: String) -> String {
        parameters[name] ?? ""
    }

    /// An integer query parameter within `range`, or `default` when absent.
    ///
    /// - Throws: ``Problem`` 400 for a value that is not an integer in the range.
    public func queryInteger(_ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = request.query[name] else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw Problem.badRequest(
                "the query parameter \(name) must be an integer from \(range.lowerBound) to \(range.upperBound)",
                code: "request.query")
        }
        return number
    }
}

/// A change to the browser session that a response carries (the server turns it into a cookie).
public enum SessionChange: Sendable {
    /// A session started: set the cookie.
    case started(IssuedSession)
    /// The session ended: clear the cookie.
    case ended
}

/// A file a response streams from the blob store.
public struct FileDownload: Sendable {
    /// Where the file is.
    public var path: String
    /// Its size in bytes.
    public var size: Int64
    /// Its SHA-256, hex.
    public var sha256: String
    /// Its media type.
    public var mediaType: String
    /// The name to save it as.
    public var fileName: String
    /// Whether the file is a temporary one made for this response, to be removed once it is opened for sending.
    public var temporary: Bool
    /// Whether a browser may show it in the page (`Content-Disposition: inline`) rather than save it: only for
    /// types a browser cannot run (PDF, PNG, JPEG) whose content matched their type.
    public var inline: Bool

    /// Creates a download.
    public init(
        path: String, size: Int64, sha256: String, mediaType: String, fileName: String, temporary: Bool = false,
        inline: Bool = false
    ) {
        self.path = path
        self.size = size
        self.sha256 = sha256
        self.mediaType = mediaType
        self.fileName = fileName
        self.temporary = temporary
        self.inline = inline
    }
}

/// What an operation answers.
public struct APIResponse: Sendable {
    /// What the body is.
    public enum Body: Sendable {
        /// A JSON document.
        case json(Value)
        /// A file, streamed.
        case file(FileDownload)
        /// Nothing (204).
        case empty
    }

    /// The HTTP status.
    public var status: Int
    /// The body.
    public var body: Body
    /// A session change, for the sign-in and sign-out routes.
    public var session: SessionChange?

    /// A JSON answer (200 unless given).
    public static func json(_ value: Value, status: Int = 200) -> APIResponse {
        APIResponse(status: status, body: .json(value), session: nil)
    }

    /// The JSON body, or `.null`.
    public var json: Value {
        if case .json(let value) = body { return value }
        return .null
    }
}

/// One operation of the API: its method, its path template and what it does. The server serves each route; the
/// command-line tool calls the same operations in direct mode, so both give the same answers.
public struct APIRoute: Sendable {
    /// The method.
    public let method: APIMethod
    /// The path template, with parameters in braces: `/api/v1/cases/{case}/events`.
    public let path: String
    /// The OpenAPI `operationId`.
    public let operationID: String
    /// Who may call it.
    public let access: RouteAccess
    /// Whether the body is a file, streamed (uploads), rather than JSON.
    public let streamsBody: Bool
    /// Whether it only reads, and may be answered by a read replica (a streaming standby) that has applied every
    /// write the server made: history, replay, reports, audits.
    public let replica: Bool
    /// When set, the body is a file the route reads whole (a many-case import): the server spools it to disk first,
    /// and only for someone with this capability, checked before a byte is read; the route gets its path.
    public let spooledFor: Capability?
    /// What it does.
    public let handler: @Sendable (APICall) throws -> APIResponse

    /// Creates a route.
    public init(
        _ method: APIMethod, _ path: String, operationID: String, access: RouteAccess = .signedIn,
        streamsBody: Bool = false, replica: Bool = false, spooledFor: Capability? = nil,
        handler: @escaping @Sendable (APICall) throws -> APIResponse
    ) {
        self.method = method
        self.path = path
        self.operationID = operationID
        self.access = access
        self.streamsBody = streamsBody
        self.replica = replica
        self.spooledFor = spooledFor
        self.handler = handler
        self.template = path.split(separator: "/").map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}")
                ? .parameter(String(segment.dropFirst().dropLast())) : .literal(segment)
        }
    }

    /// One segment of a path template.
    enum TemplateSegment: Sendable {
        /// Text the path must hold exactly.
        case literal(Substring)
        /// A parameter, by name.
        case parameter(String)
    }

    /// The path template, split once.
    let template: [TemplateSegment]

    /// A request path's segments, as ``match(segments:)`` takes them.
    static func segments(of path: String) -> [Substring] {
        Array(path.split(separator: "/", omittingEmptySubsequences: false).dropFirst())
    }

    /// The parameters when `path` matches this route's template, or nil.
    public func match(_ path: String) -> [String: String]? {
        match(segments: Self.segments(of: path))
    }

    /// The parameters when a path split by ``segments(of:)`` matches this route's template, or nil.
    func match(segments given: [Substring]) -> [String: String]? {
        guard given.count == template.count else { return nil }
        var parameters: [String: String] = [:]
        for (part, pattern) in zip(given, template) {
            switch pattern {
            case .parameter(let name):
                guard !part.isEmpty, let decoded = String(part).removingPercentEncodingSafely else { return nil }
                parameters[name] = decoded
            case .literal(let literal):
                guard part == literal else { return nil }
            }
        }
        return parameters
    }
}

extension String {
    /// The string with percent escapes decoded, or nil when an escape is malformed or decodes to a slash or a
    /// control character (no parameter holds either).
    public var removingPercentEncodingSafely: String? {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self),
            !decoded.unicodeScalars.contains(where: { $0 == "/" || $0.value < 0x20 || $0.value == 0x7F })
        else { return nil }
        return decoded
    }
}

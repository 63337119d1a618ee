import AccreditAPI
import Foundation
import Statecharts

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Client mode: the command runs through the accredit server's API, as the person its token names. Chosen by
/// `ACCREDIT_SERVER` with `ACCREDIT_TOKEN`, or by what `accreditctl login` stored; otherwise commands run in direct
/// mode against the database.
struct ClientMode {
    /// The server's base URL, such as `https://accredit.example.org`.
    let server: URL
    /// The bearer token.
    let token: String

    /// Client mode, if configured.
    ///
    /// - Throws: ``CommandFailure`` (exit 2) for `ACCREDIT_SERVER` without a token, or a malformed URL.
    static func current(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ClientMode? {
        if let server = environment["ACCREDIT_SERVER"], !server.isEmpty {
            guard let url = URL(string: server), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw CommandFailure(
                    .invalid, "ACCREDIT_SERVER must be an http or https URL, such as https://accredit.example.org")
            }
            let token =
                environment["ACCREDIT_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
                ?? StoredLogin.load(environment: environment).flatMap {
                    $0.server == url.absoluteString ? $0.token : nil
                }
            guard let token else {
                throw CommandFailure(
                    .invalid,
                    "ACCREDIT_SERVER is set but no token is: set ACCREDIT_TOKEN, or sign in with: accreditctl login \(server)"
                )
            }
            return ClientMode(server: url, token: token)
        }
        guard let stored = StoredLogin.load(environment: environment), let url = URL(string: stored.server) else {
            return nil
        }
        return ClientMode(server: url, token: stored.token)
    }

    /// Refuses a command that exists only in direct mode (for the operator on the server's host).
    static func refuseOperatorCommand(_ name: String) throws {
        if let client = try current() {
            throw CommandFailure(
                .invalid,
                "\(name) runs only in direct mode, by the operator on the server's host (this shell is signed in to "
                    + "\(client.server.absoluteString)); run it there, or sign out with: accreditctl logout")
        }
    }

    /// A path segment, percent-encoded.
    static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
            ?? text
    }

    /// Sends a JSON request and returns the JSON answer.
    ///
    /// - Throws: ``Problem`` from the server's problem document, or ``CommandFailure`` (exit 5) when the server
    ///   cannot be reached.
    func json(
        _ method: APIMethod, _ path: String, query: [String: String] = [:], body: Value? = nil,
        idempotencyKey: String? = nil
    ) throws -> Value {
        var request = URLRequest(url: url(path, query: query))
        request.httpMethod = method.rawValue
        if let body {
            request.httpBody = Data(CanonicalJSON.encodedBytes(body))
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let idempotencyKey { request.setValue(idempotencyKey, forHTTPHeaderField: "Idempotency-Key") }
        let (data, response) = try send(request)
        return try decode(data, response)
    }

    /// Uploads a file as the request body, streamed from disk, with its SHA-256 announced in `Content-Digest`.
    func upload(
        _ path: String, file: String, query: [String: String], idempotencyKey: String?, sha256: [UInt8], size: Int64
    ) throws -> Value {
        var request = URLRequest(url: url(path, query: query))
        request.httpMethod = "POST"
        request.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type")
        request.setValue("sha-256=:\(Data(sha256).base64EncodedString()):", forHTTPHeaderField: "Content-Digest")
        if let idempotencyKey { request.setValue(idempotencyKey, forHTTPHeaderField: "Idempotency-Key") }
        guard let stream = InputStream(fileAtPath: file) else {
            throw CommandFailure(.invalid, "Cannot read \(file); check the path.")
        }
        request.httpBodyStream = stream
        let (data, response) = try send(request)
        return try decode(data, response)
    }

    /// Sends a file as the request body, streamed from disk, as `contentType`, and returns the JSON answer.
    func upload(_ path: String, file: String, contentType: String) throws -> Value {
        var request = URLRequest(url: url(path, query: [:]))
        request.httpMethod = "POST"
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        guard let stream = InputStream(fileAtPath: file) else {
            throw CommandFailure(.invalid, "Cannot read \(file); check the path.")
        }
        request.httpBodyStream = stream
        let (data, response) = try send(request)
        return try decode(data, response)
    }

    /// Downloads to a temporary file next to `destination`, then returns its path and the server's
    /// `Content-Digest` SHA-256 (hex), if sent.
    func download(_ path: String, query: [String: String] = [:]) throws -> (file: URL, sha256: String?) {
        var request = URLRequest(url: url(path, query: query))
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let done = DispatchSemaphore(value: 0)
        let result = Box<(URL?, URLResponse?, (any Error)?)>((nil, nil, nil))
        let task = URLSession.shared.downloadTask(with: request) { location, response, error in
            var kept: URL?
            if let location {
                let copy = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "accredit-download-\(UUID().uuidString)")
                if (try? FileManager.default.moveItem(at: location, to: copy)) != nil { kept = copy }
            }
            result.value = (kept, response, error)
            done.signal()
        }
        task.resume()
        done.wait()
        let (location, response, error) = result.value
        guard let http = response as? HTTPURLResponse, let location else {
            throw unreachable(error)
        }
        guard http.statusCode < 300 else {
            let data = (try? Data(contentsOf: location)) ?? Data()
            try? FileManager.default.removeItem(at: location)
            _ = try decode(data, http)
            throw CommandFailure(.environment, "the server answered \(http.statusCode)")
        }
        return (location, Self.sha256(fromContentDigest: http.value(forHTTPHeaderField: "Content-Digest")))
    }

    /// The hex SHA-256 in a `Content-Digest: sha-256=:BASE64:` header.
    static func sha256(fromContentDigest header: String?) -> String? {
        guard let header, let range = header.range(of: "sha-256=:") else { return nil }
        let rest = header[range.upperBound...]
        guard let end = rest.firstIndex(of: ":"), let bytes = Data(base64Encoded: String(rest[..<end])) else {
            return nil
        }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }

    private func url(_ path: String, query: [String: String]) -> URL {
        var components = URLComponents(url: server, resolvingAgainstBaseURL: false) ?? URLComponents()
        components.percentEncodedPath =
            server.path.hasSuffix("/") ? String(server.path.dropLast()) + path : server.path + path
        if !query.isEmpty {
            components.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        }
        return components.url ?? server
    }

    private func send(_ request: URLRequest) throws -> (Data, HTTPURLResponse) {
        var request = request
        if !token.isEmpty { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        request.setValue("application/json, application/problem+json", forHTTPHeaderField: "Accept")
        request.timeoutInterval = 600
        let done = DispatchSemaphore(value: 0)
        let result = Box<(Data?, URLResponse?, (any Error)?)>((nil, nil, nil))
        URLSession.shared.dataTask(with: request) { data, response, error in
            result.value = (data, response, error)
            done.signal()
        }.resume()
        done.wait()
        let (data, response, error) = result.value
        guard let http = response as? HTTPURLResponse else { throw unreachable(error) }
        return (data ?? Data(), http)
    }

    private func unreachable(_ error: (any Error)?) -> CommandFailure {
        CommandFailure(
            .environment,
            "cannot reach the accredit server at \(server.absoluteString)"
                + (error.map { " (\($0.localizedDescription))" } ?? "")
                + "; check ACCREDIT_SERVER, or that the server runs (its /healthz)")
    }

    private func decode(_ data: Data, _ response: HTTPURLResponse) throws -> Value {
        let value = data.isEmpty ? Value.null : (try? CanonicalJSON.parse(Array(data))) ?? .null
        guard response.statusCode < 300 else {
            if let problem = Problem(document: value, status: response.statusCode) { throw problem }
            throw CommandFailure(
                .environment, "the server answered \(response.statusCode) without a problem document")
        }
        return value
    }
}

/// A value set by a callback and read after it signalled.
final class Box<T>: @unchecked Sendable {
    var value: T

    init(_ value: T) {
        self.value = value
    }
}

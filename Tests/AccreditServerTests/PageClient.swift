import CaseService
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A browser as far as the portal's tests need one, without a browser: it keeps the session cookie, sends forms
/// URL-encoded, and does not follow redirects (tests check where they go).
final class PageClient: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    /// The server's base URL.
    let base: URL
    /// The session cookie's value, once signed in.
    var session: String?
    /// The cookie's name.
    let cookieName: String
    /// Headers every request carries (such as `Origin`).
    var extraHeaders: [String: String] = [:]
    private lazy var urlSession: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        return URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }()

    /// A client of the server at `base`.
    init(_ base: URL, cookieName: String = "accredit_session") {
        self.base = base
        self.cookieName = cookieName
    }

    /// A page's answer.
    struct Page {
        /// The status.
        let status: Int
        /// The headers.
        let headers: [String: String]
        /// The body as text.
        let text: String

        /// A header, by name in any case.
        func header(_ name: String) -> String? {
            headers.first { $0.key.lowercased() == name.lowercased() }?.value
        }

        /// The value of the first hidden input called `name`.
        func hidden(_ name: String) -> String? {
            guard let range = text.range(of: "name=\"\(name)\" value=\"") else { return nil }
            let rest = text[range.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
    }

    /// GETs a path.
    func get(_ path: String) async throws -> Page {
        try await send("GET", path, form: nil)
    }

    /// POSTs a form to a path.
    func post(_ path: String, _ form: [(String, String)]) async throws -> Page {
        try await send("POST", path, form: form)
    }

    /// POSTs a `multipart/form-data` form: the fields, then each file as `(field, file name, content)`.
    func postMultipart(_ path: String, _ fields: [(String, String)], files: [(String, String, Data)]) async throws
        -> Page
    {
        let boundary = "----AccreditTest\(UUID().uuidString)"
        var body = Data()
        for (name, value) in fields {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for (name, fileName, content) in files {
            // As browsers do (the HTML standard's form encoding): ", CR and LF in a file name as %22, %0D and %0A.
            let encoded = fileName.replacingOccurrences(of: "\"", with: "%22").replacingOccurrences(
                of: "\r", with: "%0D"
            )
            .replacingOccurrences(of: "\n", with: "%0A")
            body += Data(
                ("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(encoded)\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").utf8)
            body += content + Data("\r\n".utf8)
        }
        body += Data("--\(boundary)--\r\n".utf8)
        return try await send(
            "POST", path, body: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    /// Signs in with a password and keeps the cookie.
    func signIn(_ actor: String, password: String) async throws -> Page {
        let page = try await post("/sign-in", [("actor", actor), ("password", password)])
        return page
    }

    /// Sends a form, keeping any session cookie the answer sets.
    func send(_ method: String, _ path: String, form: [(String, String)]?) async throws -> Page {
        guard let form else { return try await send(method, path, body: nil, contentType: nil) }
        return try await send(
            method, path,
            body: Data(form.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&").utf8),
            contentType: "application/x-www-form-urlencoded")
    }

    /// Sends a request, keeping any session cookie the answer sets.
    func send(_ method: String, _ path: String, body: Data?, contentType: String?) async throws -> Page {
        guard let url = URL(string: base.absoluteString + path) else {
            throw HarnessFailure(description: "not a URL: \(path)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        // As the API harness: under the whole suite the server's handlers share Swift's cooperative threads with
        // every other test, and CI has seen them queued for minutes; a hang still fails, later.
        request.timeoutInterval = 600
        if let session { request.setValue("\(cookieName)=\(session)", forHTTPHeaderField: "Cookie") }
        for (name, value) in extraHeaders { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
            request.httpBody = body
        }
        let (data, response) = try await urlSession.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw HarnessFailure(description: "not HTTP") }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key] = value }
        }
        if let cookie = headers.first(where: { $0.key.lowercased() == "set-cookie" })?.value,
            cookie.hasPrefix(cookieName + "=")
        {
            let value = cookie.dropFirst(cookieName.count + 1).prefix { $0 != ";" }
            session = value.isEmpty ? nil : String(value)
        }
        return Page(status: http.statusCode, headers: headers, text: String(decoding: data, as: UTF8.self))
    }

    /// Form encoding: everything but unreserved characters escaped.
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
            ?? ""
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}

extension ServerHarness {
    /// Gives an actor a password, through an invitation as an administrator would, and returns it.
    @discardableResult
    func password(for actor: String, _ password: String = "correct horse battery staple") throws -> String {
        let invitation = try desk.invite(actor, requireTOTP: false, by: .operator("test"))
        _ = try desk.redeemInvitation(code: invitation.code, password: password)
        return password
    }

    /// A page client signed in as `actor` (given a password first).
    func signedIn(_ actor: String) async throws -> PageClient {
        let client = PageClient(base)
        let answer = try await client.signIn(actor, password: try password(for: actor))
        guard answer.status == 303, client.session != nil else {
            throw HarnessFailure(description: "\(actor) could not sign in: \(answer.status) \(answer.text.prefix(300))")
        }
        return client
    }
}

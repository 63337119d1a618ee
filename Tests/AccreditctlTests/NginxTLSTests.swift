import Foundation
import Testing

/// `deploy/nginx-accredit.conf`, run as shipped (only its certificate paths, its name and its ports substituted) in
/// front of `accreditctl serve --secure-cookies --trust-forwarded-for`: TLS, plain HTTP redirected, cookies marked
/// Secure, the client's address passed on and a forged one overwritten, uploads streamed whole, `/metrics` kept
/// from anyone but the monitoring address, and the public complaint form's rate limited per address.
@Suite(.serialized) struct NginxTLSTests {
    /// The name the certificate is made for.
    static let host = "accredit.example.org"

    /// nginx in front of a server, and a curl that trusts its certificate.
    struct Proxy {
        /// The HTTPS port.
        let tlsPort: Int
        /// The plain HTTP port (it only redirects).
        let plainPort: Int
        /// The certificate curl trusts.
        let certificate: String
        /// A runner whose executable is curl.
        let curl: CLIRunner

        /// Runs curl against `path` over TLS, printing the status line and headers before the body.
        func request(_ path: String, _ arguments: [String] = [], from source: String = "127.0.0.1") throws
            -> CLIRunner.Result
        {
            try curl.run(
                [
                    "-sS", "--include", "--max-time", "60", "--cacert", certificate, "--resolve",
                    "\(NginxTLSTests.host):\(tlsPort):127.0.0.1", "--interface", source,
                    "https://\(NginxTLSTests.host):\(tlsPort)\(path)",
                ] + arguments)
        }
    }

    /// The status of a response `request` printed.
    static func status(_ result: CLIRunner.Result) -> Int {
        let lines = result.stdout.components(separatedBy: "\r\n").filter { $0.hasPrefix("HTTP/") }
        return lines.last.flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Int($0) } ?? 0
    }

    /// The body of a response `request` printed, as a JSON object.
    static func body(_ result: CLIRunner.Result) throws -> [String: Any] {
        guard let range = result.stdout.range(of: "\r\n\r\n", options: .backwards),
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout[range.upperBound...].utf8))
                as? [String: Any]
        else { throw CLIRunner.RunnerError("not a JSON response: \(result.stdout)") }
        return object
    }

    /// Starts nginx with the shipped site file in front of the server at `upstream`; stops it after `body`.
    static func withProxy<T>(_ cli: CLIRunner, upstream: Int, _ body: (Proxy) throws -> T) throws -> T {
        let directory = cli.directory + "/nginx"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var openssl = cli
        openssl.executable = "/usr/bin/openssl"
        try openssl.ok([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=\(host)", "-addext",
            "subjectAltName=DNS:\(host)", "-keyout", directory + "/server.key", "-out", directory + "/server.crt",
        ])
        let tlsPort = try ClientModeEndToEndTests.freePort()
        let plainPort = try ClientModeEndToEndTests.freePort()
        let shipped = try String(contentsOfFile: CLIRunner.repository + "/deploy/nginx-accredit.conf", encoding: .utf8)
        let substitutions = [
            "server 127.0.0.1:8080;": "server 127.0.0.1:\(upstream);",
            "listen 443 ssl;": "listen 127.0.0.1:\(tlsPort) ssl;", "listen 80;": "listen 127.0.0.1:\(plainPort);",
            "/etc/accredit/tls/": directory + "/",
        ]
        var site = shipped
        for (from, to) in substitutions {
            #expect(site.contains(from), "the shipped configuration no longer has \(from)")
            site = site.replacingOccurrences(of: from, with: to)
        }
        try site.write(toFile: directory + "/accredit.conf", atomically: true, encoding: .utf8)
        let temporary = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map {
            "\($0)_temp_path \(directory)/\($0);"
        }
        let main = """
            user root;
            worker_processes 1;
            daemon off;
            pid \(directory)/nginx.pid;
            error_log \(directory)/error.log;
            events { worker_connections 64; }
            http {
                access_log off;
                \(temporary.joined(separator: "\n    "))
                include \(directory)/accredit.conf;
            }
            """
        try main.write(toFile: directory + "/nginx.conf", atomically: true, encoding: .utf8)
        var nginx = cli
        nginx.executable = "/usr/sbin/nginx"
        let running = try nginx.start(["-p", directory, "-c", directory + "/nginx.conf"])
        defer {
            running.process.terminate()
            _ = try? running.finish()
        }
        var curl = cli
        curl.executable = "/usr/bin/curl"
        let proxy = Proxy(tlsPort: tlsPort, plainPort: plainPort, certificate: directory + "/server.crt", curl: curl)
        for attempt in 0... {
            if status(try proxy.request("/healthz")) == 200 { break }
            guard running.process.isRunning, attempt < 100 else {
                let log = (try? String(contentsOfFile: directory + "/error.log", encoding: .utf8)) ?? ""
                throw CLIRunner.RunnerError("nginx did not start: \(log)")
            }
            usleep(100_000)
        }
        return try body(proxy)
    }

    @Test func theShippedNginxConfigurationTerminatesTLSInFrontOfTheServer() async throws {
        try await CLIRunner.withWorld { cli in
            let (server, base) = try ClientModeEndToEndTests.serve(
                cli, options: ["--secure-cookies", "--trust-forwarded-for"])
            defer {
                server.process.terminate()
                _ = try? server.finish()
            }
            guard let upstream = URL(string: base)?.port else { throw CLIRunner.RunnerError("no port in \(base)") }
            try Self.withProxy(cli, upstream: upstream) { proxy in
                // TLS with HSTS; plain HTTP only redirects.
                let health = try proxy.request("/healthz")
                #expect(Self.status(health) == 200)
                #expect(health.stdout.lowercased().contains("strict-transport-security: max-age=31536000"))
                let plain = try proxy.curl.run([
                    "-sS", "--include", "http://127.0.0.1:\(proxy.plainPort)/api/v1/cases",
                    "-H", "Host: \(Self.host)",
                ])
                #expect(Self.status(plain) == 301)
                #expect(plain.stdout.contains("Location: https://\(Self.host)/api/v1/cases"))

                // A person sets a password from an invitation and signs in over TLS: the session cookie is Secure.
                let code = try cli.ok(["actor", "invite", "ann", "--json"]).json()["code"] as? String
                let password = "correct horse battery staple 7"
                let redeemed = try proxy.request(
                    "/api/v1/invitations/redeem",
                    [
                        "-H", "Content-Type: application/json", "--data",
                        #"{"code":"\#(code ?? "")","password":"\#(password)"}"#,
                    ])
                #expect(Self.status(redeemed) == 200, "\(redeemed.stdout)")
                // The client forges its address; nginx overwrites it with the real one.
                let signIn = try proxy.request(
                    "/api/v1/auth/session",
                    [
                        "-H", "Content-Type: application/json", "-H", "X-Forwarded-For: 203.0.113.9", "--data",
                        #"{"actor":"ann","password":"\#(password)"}"#,
                    ])
                #expect(Self.status(signIn) == 201, "\(signIn.stdout)")
                let cookie = signIn.stdout.components(separatedBy: "\r\n").first {
                    $0.lowercased().hasPrefix("set-cookie:")
                }
                #expect(cookie?.contains("Secure") == true, "\(cookie ?? "no cookie")")
                #expect(cookie?.contains("HttpOnly") == true)
                let token = try cli.ok(["token", "create", "--for", "ann"]).stdout
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                let log = try Self.body(
                    try proxy.request("/api/v1/auth/log", ["-H", "Authorization: Bearer \(token)"]))
                let remotes = (log["events"] as? [[String: Any]] ?? []).compactMap { $0["remote"] as? String }
                #expect(remotes.contains("127.0.0.1"), "\(remotes)")
                #expect(!remotes.contains("203.0.113.9"), "a forged X-Forwarded-For reached the log: \(remotes)")

                // A 32 MiB upload streams through nginx whole, its digest checked on the way.
                try cli.toEvidence()
                let file = cli.directory + "/large.pdf"
                var bytes = Data("%PDF-1.4\n".utf8)
                bytes.append(Data((0..<(32 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }))
                try bytes.write(to: URL(fileURLWithPath: file))
                var shell = cli
                shell.executable = "/bin/sh"
                let hex = try shell.ok(["-c", "sha256sum large.pdf | cut -c1-64"]).stdout
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                let digest = try shell.ok(["-c", "openssl dgst -sha256 -binary large.pdf | base64"]).stdout
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                let upload = try proxy.request(
                    "/api/v1/cases/C-1/evidence?criterion=SL-1.1&item=1&name=large.pdf",
                    [
                        "-H", "Authorization: Bearer \(token)", "-H", "Content-Type: application/octet-stream", "-H",
                        "Content-Digest: sha-256=:\(digest):", "-H", "Idempotency-Key: large-1", "--data-binary",
                        "@" + file,
                    ])
                #expect(Self.status(upload) == 201, "\(upload.stdout.prefix(2000))")
                let record = try Self.body(upload)
                #expect(record["size"] as? Int == bytes.count)
                #expect(record["sha256"] as? String == hex)

                // /metrics answers the monitoring address only.
                #expect(Self.status(try proxy.request("/metrics")) == 200)
                #expect(Self.status(try proxy.request("/metrics", from: "127.0.0.2")) == 403)
                #expect(Self.status(try proxy.request("/healthz", from: "127.0.0.2")) == 200)

                // The public complaint form: a flood from one address is cut off (429) before the server; another
                // address still gets the form.
                let statuses = try (0..<12).map { _ in Self.status(try proxy.request("/complaints/new")) }
                #expect(statuses.prefix(5).allSatisfy { $0 == 200 }, "\(statuses)")
                #expect(statuses.contains(429), "\(statuses)")
                #expect(Self.status(try proxy.request("/complaints/new", from: "127.0.0.3")) == 200)
            }
        }
    }
}

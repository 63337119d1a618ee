import AccreditAPI
import AccreditEngine
import AccreditServer
import CaseService
import Crypto
import EvidenceStore
import Foundation
import PostgresTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Clients that try to wear the server down or confuse it: bodies sent by strangers, trickled, cut off or too large
/// for the route, an idempotency key reused for another file, a reader who asks for checkpoint after checkpoint or
/// for a bundle holding every file, and a session cookie a sibling site could plant.
@Suite(.serialized) struct HostileClientTests {
    static func port(_ server: ServerHarness) throws -> Int {
        guard let port = server.base.port else { throw HarnessFailure(description: "no port in \(server.base)") }
        return port
    }

    /// The evidence rows and stored files of a case, to prove nothing was stored.
    static func stored(_ server: ServerHarness, _ caseID: String) throws -> (records: Int, files: Int) {
        (try server.desk.evidence(of: caseID, for: "sec").count, server.desk.blobs.storedHashes().count)
    }

    /// POSTs nothing to `url` with a bearer token; the status.
    static func post(_ url: URL, token: String) async throws -> Int {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (_, response) = try await ServerHarness.session.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    /// Runs `request` `count` times at once and gives the results.
    static func concurrently<T: Sendable>(_ count: Int, _ request: @escaping @Sendable () async throws -> T)
        async throws
        -> [T]
    {
        try await withThrowingTaskGroup(of: T.self) { group in
            for _ in 0..<count { group.addTask { try await request() } }
            var results: [T] = []
            for try await result in group { results.append(result) }
            return results
        }
    }

    @Test func aStrangerTricklingAnUploadIsAnsweredAndDisconnected() async throws {
        // An idle timeout far longer than the test reads: when the whole suite runs at once the server's handler may
        // wait a long time for a thread, and the connection must end by the refusal, not by going idle.
        // swift-format-ignore: OnlyOneTrailingClosureArgument
        try await ServerHarness.run(configure: { $0.idleTimeoutSeconds = 900 }) { server in
            try server.openCaseForEvidence("C-1")
            // As long as the harness's other requests wait: CI has queued this answer past 240 s.
            let connection = try RawConnection(port: try Self.port(server), timeout: 600)
            // 48 bytes of the 10 MiB announced, then nothing more: the server must not wait for the rest. They go in
            // one write, before the server can have answered: a byte sent after the server stopped reading would be
            // unread when it closes, and the reset that follows would throw the answer away.
            connection.send(
                "POST /api/v1/cases/C-1/evidence?criterion=SL-1.1&item=1&name=slow.pdf HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer acc_0000_guess\r\nContent-Length: 10485760\r\n\r\n"
                    + String(repeating: "%", count: 48))
            let answer = await connection.readToEnd()
            #expect(answer.text.hasPrefix("HTTP/1.1 401"), "\(answer.text.prefix(200))")
            #expect(answer.text.lowercased().contains("connection: close"))
            #expect(answer.closed, "a stranger kept a connection by trickling a body")
        }
    }

    @Test func aServerWhoseKeyIsNotTheStoresSaysSoWithoutNamingIt() async throws {
        try await TestFiles.withTemporaryDirectory { directory in
            _ = try SigningKey.create(home: directory + "/elsewhere")
            // swift-format-ignore: OnlyOneTrailingClosureArgument
            try await ServerHarness.run(configure: {
                $0.environment = APIEnvironment(home: directory + "/elsewhere", temporaryDirectory: directory)
            }) { server in
                _ = try server.desk.establishSigningKey(home: directory + "/home", by: "sec")
                try server.openCase("C-1")
                let aud = try server.token(for: "aud")
                let refused = try await server.send("POST", "/api/v1/audit/checkpoints", token: aud)
                #expect(refused.status == 503)
                #expect(refused.json["code"] as? String == "key.unregistered")
                let detail = try #require(refused.json["detail"] as? String)
                #expect(!detail.contains(directory))
                #expect(!detail.contains("/"))
            }
        }
    }

    @Test func anImportedEventWithAMisspeltMemberIsRefused() async throws {
        try await ServerHarness.run { server in
            let sec = try server.token(for: "sec")
            let misspelt = try await server.send(
                "POST", "/api/v1/case-imports", token: sec,
                json: [
                    "case": "C-OLD", "organisation": "riverside", "workflow": "patient-safety-accreditation@1",
                    "openedAt": "2020-01-06",
                    "events": [["event": "application.submit", "actor": "ann", "at": "2020-01-07", "Data": [:]]],
                ])
            #expect(misspelt.status == 422)
            #expect(misspelt.json["code"] as? String == "request.unknown-field")
            #expect(try server.desk.cases().isEmpty)
        }
    }

    @Test func aStrangersMegabyteIsRefusedForItsCredentialBeforeItIsParsed() async throws {
        try await ServerHarness.run { server in
            let ann = try server.token(for: "ann")
            let junk = Data(repeating: UInt8(ascii: "["), count: 1 << 20)
            let json = ["Content-Type": "application/json"]
            // The same malformed megabyte: a wrong credential is answered for the credential (its body was never
            // parsed), a right one for the body.
            let stranger = try await server.send(
                "POST", "/api/v1/cases", token: "acc_0000_guess", body: junk, headers: json)
            #expect(stranger.status == 401)
            let nobody = try await server.send("POST", "/api/v1/cases", body: junk, headers: json)
            #expect(nobody.status == 401)
            let signedIn = try await server.send("POST", "/api/v1/cases", token: ann, body: junk, headers: json)
            #expect(signedIn.status == 400)
            #expect(signedIn.json["code"] as? String == "request.malformed")
            // Signing in takes a small body: a stranger's 100 KiB is refused as too large.
            let padded = try await server.send(
                "POST", "/api/v1/auth/token",
                json: ["actor": "ann", "password": String(repeating: "x", count: 100_000)])
            #expect(padded.status == 413)
            #expect(padded.json["code"] as? String == "request.too-large")
        }
    }

    @Test func aTrickledBodyIsCutOffWithAProblemAndTheConnectionClosed() async throws {
        // swift-format-ignore: OnlyOneTrailingClosureArgument
        try await ServerHarness.run(configure: { $0.bodyDeadlineSeconds = 1 }) { server in
            let ann = try server.token(for: "ann")
            let connection = try RawConnection(port: try Self.port(server))
            let body = "{\"organisation\": \"riverside\"}"
            connection.send(
                "POST /api/v1/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(ann)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count + 40)\r\n\r\n")
            // A byte every quarter second: never idle, never done. The server cuts it off at its deadline.
            for byte in Array(body.utf8) {
                guard !connection.hasReply, connection.send([byte]) else { break }
                try await Task.sleep(for: .milliseconds(250))
                if byte == UInt8(ascii: ",") { break }
            }
            for _ in 0..<40 {
                guard !connection.hasReply, connection.send(" ") else { break }
                try await Task.sleep(for: .milliseconds(250))
            }
            let answer = await connection.readToEnd()
            #expect(answer.text.hasPrefix("HTTP/1.1 408"), "\(answer.text.prefix(200))")
            #expect(answer.text.contains("application/problem+json"))
            #expect(answer.text.contains("request.too-slow"))
            #expect(answer.closed, "the server kept a trickling connection open")
            #expect(try server.desk.cases().isEmpty)
        }
    }

    @Test func aTrickledUploadIsCutOffAndNothingIsStored() async throws {
        // swift-format-ignore: OnlyOneTrailingClosureArgument
        try await ServerHarness.run(configure: {
            $0.uploadGraceSeconds = 1
            $0.minimumUploadBytesPerSecond = 64 << 10
        }) { server in
            try server.openCaseForEvidence("C-1")
            let ann = try server.token(for: "ann")
            let connection = try RawConnection(port: try Self.port(server))
            connection.send(
                "POST /api/v1/cases/C-1/evidence?criterion=SL-1.1&item=1&name=slow.pdf HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer \(ann)\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: 10485760\r\n\r\n")
            // A fast first second, then 1 KiB every 100 ms: 10 KiB a second, under the 64 KiB this server asks
            // for in every one-second window (an average since the start would let the burst pay for the trickle).
            connection.send([UInt8](repeating: 0x25, count: 512 << 10))
            for _ in 0..<300 {
                guard !connection.hasReply, connection.send([UInt8](repeating: 0x25, count: 1024)) else { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            let answer = await connection.readToEnd()
            #expect(answer.text.hasPrefix("HTTP/1.1 408"), "\(answer.text.prefix(200))")
            #expect(answer.text.contains("request.too-slow"))
            #expect(answer.closed)
            #expect(try Self.stored(server, "C-1") == (0, 0))
        }
    }

    @Test func anUploadCutOffMidBodyIsTheClientsFailureAndStoresNothing() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForEvidence("C-1")
            let ann = try server.token(for: "ann")
            let connection = try RawConnection(port: try Self.port(server))
            connection.send(
                "POST /api/v1/cases/C-1/evidence?criterion=SL-1.1&item=1&name=cut.pdf HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer \(ann)\r\nContent-Length: 1048576\r\n\r\n")
            connection.send([UInt8](repeating: 0x25, count: 300_000))
            try await Task.sleep(for: .milliseconds(300))
            connection.close()
            // The server notices, cleans up and counts it as the client's doing.
            var metrics = ""
            for _ in 0..<50 {
                metrics = String(decoding: try await server.send("GET", "/metrics").body, as: UTF8.self)
                if metrics.contains("request.incomplete") { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(metrics.contains("accredit_refusals_total{rule=\"request.incomplete\",status=\"400\"}"))
            #expect(!metrics.contains("status=\"500\""))
            #expect(try Self.stored(server, "C-1") == (0, 0))
            let after = try await server.send("GET", "/api/v1/cases/C-1", token: ann)
            #expect(after.status == 200)
        }
    }

    @Test func anIdempotencyKeyRecordsOneFileAndRefusesAnother() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForEvidence("C-1")
            let ann = try server.token(for: "ann")
            let path = "/api/v1/cases/C-1/evidence?criterion=SL-1.1&item=1&name=policy.pdf"
            let first = Data("%PDF-1.4 the board's policy".utf8)
            let key = ["Idempotency-Key": "upload-1", "Content-Type": "application/octet-stream"]
            let stored = try await server.send("POST", path, token: ann, body: first, headers: key)
            #expect(stored.status == 201)
            let retry = try await server.send("POST", path, token: ann, body: first, headers: key)
            #expect(retry.status == 200)
            #expect(retry.json["repeated"] as? Bool == true)
            // The same key with another file, with no digest to give it away, and then with one.
            let other = Data("%PDF-1.4 a different policy".utf8)
            let reused = try await server.send("POST", path, token: ann, body: other, headers: key)
            #expect(reused.status == 422)
            #expect(reused.json["rule"] as? String == "request.reused")
            let digest = "sha-256=:" + Data(SHA256.hash(data: other)).base64EncodedString() + ":"
            var announced = key
            announced["Content-Digest"] = digest
            let claimed = try await server.send("POST", path, token: ann, body: other, headers: announced)
            #expect(claimed.status == 422)
            #expect(claimed.json["rule"] as? String == "request.reused")
            let longer = try await server.send("POST", path, token: ann, body: first + first, headers: key)
            #expect(longer.status == 422)
            #expect(try Self.stored(server, "C-1") == (1, 1))
        }
    }

    @Test func aReaderCannotHaveCheckpointsTakenBackToBack() async throws {
        try await AuditRouteTests.run { server, _ in
            let ann = try server.token(for: "ann")
            let aud = try server.token(for: "aud")
            // Six at once: one checkpoint is taken, and the others find it covers the case.
            let checkpoint = try ServerHarness.url(server.base.absoluteString + "/api/v1/cases/C-1/checkpoint")
            let statuses = try await Self.concurrently(6) { try await Self.post(checkpoint, token: ann) }
            #expect(statuses.sorted() == [200, 200, 200, 200, 200, 201])
            let first = try #require(try server.desk.latestCheckpoint())
            // Covered already: nothing to take, so nothing to refuse.
            let covered = try await server.send("POST", "/api/v1/cases/C-1/checkpoint", token: ann)
            #expect(covered.status == 200)
            let upload = try await server.send(
                "POST", "/api/v1/cases/C-1/evidence?criterion=SL-1.1&item=1&name=policy.pdf", token: ann,
                body: Data("%PDF-1.4 policy".utf8), headers: ["Content-Type": "application/octet-stream"])
            #expect(upload.status == 201)
            let raced = try await Self.concurrently(6) { try await Self.post(checkpoint, token: ann) }
            #expect(raced == Array(repeating: 429, count: 6))
            let soon = try await server.send("POST", "/api/v1/cases/C-1/checkpoint", token: ann)
            #expect(soon.status == 429)
            #expect(soon.json["code"] as? String == "checkpoint.too-soon")
            let wait = try #require(soon.header("Retry-After").flatMap(Int.init))
            #expect((1...60).contains(wait))
            #expect(try server.desk.latestCheckpoint()?.sequence == first.sequence)
            // An auditor is not held back.
            let audited = try await server.send("POST", "/api/v1/cases/C-1/checkpoint", token: aud)
            #expect(audited.status == 201)
        }
    }

    @Test func aBundleWithFilesIsRefusedOverTheServersLimit() async throws {
        // swift-format-ignore: OnlyOneTrailingClosureArgument
        try await ServerHarness.run(configure: { $0.maximumBundleFileBytes = 1000 }) { server in
            try server.openCaseForEvidence("C-1")
            let ann = try server.token(for: "ann")
            let upload = try await server.send(
                "POST", "/api/v1/cases/C-1/evidence?criterion=SL-1.1&item=1&name=big.pdf", token: ann,
                body: Data(repeating: 0x25, count: 4000), headers: ["Content-Type": "application/octet-stream"])
            #expect(upload.status == 201)
            let full = try await server.send("GET", "/api/v1/cases/C-1/bundle?withFiles=true", token: ann)
            #expect(full.status == 413)
            #expect(full.json["code"] as? String == "bundle.too-large")
            let bare = try await server.send("GET", "/api/v1/cases/C-1/bundle", token: ann)
            #expect(bare.status == 200)
        }
    }

    @Test func behindTLSTheSessionCookieIsHostBound() async throws {
        // swift-format-ignore: OnlyOneTrailingClosureArgument
        try await ServerHarness.run(configure: { $0.secureCookies = true }) { server in
            let invitation = try server.desk.invite("ann", requireTOTP: false, by: .operator("test"))
            let password = "correct horse battery staple"
            _ = try server.desk.redeemInvitation(code: invitation.code, password: password)
            let signIn = try await server.send(
                "POST", "/api/v1/auth/session", json: ["actor": "ann", "password": password])
            #expect(signIn.status == 201)
            let cookie = try #require(signIn.header("Set-Cookie"))
            #expect(cookie.hasPrefix("__Host-accredit_session="))
            let attributes = cookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            #expect(attributes.contains("secure"))
            #expect(attributes.contains("path=/"))
            #expect(!attributes.contains { $0.hasPrefix("domain=") })
            let value = try #require(cookie.split(separator: ";").first.map(String.init))
            let me = try await server.send("GET", "/api/v1/me", headers: ["Cookie": value])
            #expect(me.status == 200)
            // The plain name, which a sibling subdomain could set, is not read.
            let planted = value.replacingOccurrences(of: "__Host-accredit_session", with: "accredit_session")
            let refused = try await server.send("GET", "/api/v1/me", headers: ["Cookie": planted])
            #expect(refused.status == 401)
        }
    }
}

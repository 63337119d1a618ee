import AccreditServer
import CaseService
import EvidenceStore
import Foundation
import Statecharts
import Testing

/// `POST /api/v1/case-imports/bulk` (issue #19): many cases as NDJSON, spooled to disk and imported in one
/// transaction; the capability and content type are checked before a byte is read; a refusal names the line and
/// leaves nothing imported.
@Suite struct CaseImportRouteTests {
    /// One NDJSON line: a case for riverside opened a year before `now`, submitted by `applicant`.
    static func line(_ caseID: String, now: Instant, applicant: String = "ann") -> String {
        let opened = now.adding(years: -1)
        let value: Value = [
            "case": .string(caseID), "organisation": "riverside", "workflow": "patient-safety-accreditation@1",
            "openedAt": .string(opened.iso8601),
            "events": [
                [
                    "event": "application.submit", "actor": .string(applicant),
                    "at": .string(opened.adding(days: 1).iso8601),
                ],
                ["event": "application.accept", "actor": "sec", "at": .string(opened.adding(days: 2).iso8601)],
            ],
        ]
        return CanonicalJSON.encode(value)
    }

    /// Sends NDJSON as `token`.
    static func post(_ server: ServerHarness, _ text: String, token: String, type: String = "application/x-ndjson")
        async throws -> ServerHarness.Answer
    {
        try await server.send(
            "POST", "/api/v1/case-imports/bulk", token: token, body: Data(text.utf8), headers: ["Content-Type": type])
    }

    @Test func manyCasesImportAsNDJSONAllOrNone() async throws {
        try await ServerHarness.run { server in
            let now = try server.desk.now()
            let sec = try server.token(for: "sec")
            // Blank lines and CRLF line ends are taken; the last line needs no newline.
            let body =
                Self.line("C-B1", now: now) + "\r\n\n" + Self.line("C-B2", now: now) + "\n"
                + Self.line("C-B3", now: now)
            let imported = try await Self.post(server, body, token: sec)
            #expect(imported.status == 201, "\(imported.json)")
            #expect(imported.json["cases"] as? Int == 3 && imported.json["events"] as? Int == 6)
            #expect(try server.desk.load("C-B3").head.version == 2)

            // The second line breaks a rule (Hal acts for another organisation): nothing is imported.
            let refused = try await Self.post(
                server, Self.line("C-B4", now: now) + "\n" + Self.line("C-B5", now: now, applicant: "hal"), token: sec)
            #expect(refused.status == 403, "\(refused.json)")
            let detail = refused.json["detail"] as? String ?? ""
            #expect(detail.contains("line 2: case C-B5: event 1 (application.submit by hal"), "\(detail)")
            #expect((try? server.desk.load("C-B4")) == nil)

            // A line that is not JSON, or lacks a member: named, nothing imported.
            let malformed = try await Self.post(server, Self.line("C-B6", now: now) + "\n{\"case\": ", token: sec)
            #expect(malformed.status == 400 && (malformed.json["detail"] as? String)?.hasPrefix("line 2") == true)
            let missing = try await Self.post(server, #"{"case": "C-B7", "organisation": "riverside"}"#, token: sec)
            #expect(missing.status == 422 && (missing.json["detail"] as? String)?.contains("line 1") == true)
            #expect((try? server.desk.load("C-B6")) == nil)

            // An id already taken.
            let taken = try await Self.post(server, Self.line("C-B1", now: now), token: sec)
            let takenDetail = taken.json["detail"] as? String ?? ""
            #expect(taken.status == 422 && takenDetail.contains("case C-B1 already exists"), "\(taken.json)")

            // Another content type is refused before the body is read; so is someone who may not import.
            let json = try await Self.post(server, Self.line("C-B8", now: now), token: sec, type: "application/json")
            #expect(json.status == 415)
            let ann = try await Self.post(server, Self.line("C-B8", now: now), token: try server.token(for: "ann"))
            #expect(ann.status == 403)
            #expect((try? server.desk.load("C-B8")) == nil)
            // Nothing is left spooled.
            let spooled = try FileManager.default.contentsOfDirectory(atPath: server.blobRoot + "/tmp")
            #expect(spooled.isEmpty, "\(spooled)")
        }
    }

    @Test func anImportOverTheServersLimitIsRefused() async throws {
        let limited: (inout ServerConfiguration) -> Void = { $0.maximumImportBytes = 1_000 }
        try await ServerHarness.run(configure: limited) { server in
            let now = try server.desk.now()
            let sec = try server.token(for: "sec")
            let lines = (1...5).map { Self.line("C-L\($0)", now: now) }.joined(separator: "\n")
            let refused = try await Self.post(server, lines, token: sec)
            #expect(refused.status == 413, "\(refused.json)")
            #expect((try? server.desk.load("C-L1")) == nil)

            // Chunked, with no length announced: refused once the spool passes the limit, and the connection closed
            // (the rest is not read).
            let connection = try RawConnection(port: try HostileClientTests.port(server), timeout: 600)
            let chunk = lines + "\n"
            connection.send(
                "POST /api/v1/case-imports/bulk HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(sec)\r\n"
                    + "Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n")
            let answer = await connection.readToEnd()
            #expect(answer.text.hasPrefix("HTTP/1.1 413"), "\(answer.text.prefix(300))")
            #expect(answer.closed)
            #expect((try? server.desk.load("C-L1")) == nil)
            let spooled = try FileManager.default.contentsOfDirectory(atPath: server.blobRoot + "/tmp")
            #expect(spooled.isEmpty, "\(spooled)")
        }
    }
}

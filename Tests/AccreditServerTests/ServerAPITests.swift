import AccreditAPI
import CaseService
import Crypto
import EvidenceStore
import Foundation
import Testing

/// The server over HTTP on a loopback port: health, problems, cases, events, idempotency, uploads and downloads.
@Suite(.serialized) struct ServerAPITests {
    @Test func healthMetricsAndTheOpenAPIDocumentAreServed() async throws {
        try await ServerHarness.run { server in
            let health = try await server.send("GET", "/healthz")
            #expect(health.status == 200)
            #expect(health.json["status"] as? String == "ok")
            let document = try await server.send("GET", "/api/v1/openapi.json")
            #expect(document.status == 200)
            #expect(document.json["openapi"] as? String == "3.1.0")
            _ = try await server.send("GET", "/api/v1/cases/C-9", token: try server.token(for: "ann"))
            let metrics = String(decoding: try await server.send("GET", "/metrics").body, as: UTF8.self)
            #expect(
                metrics.contains(
                    "accredit_http_requests_total{method=\"GET\",route=\"/api/v1/cases/{case}\",status=\"404\"} 1"))
            #expect(metrics.contains("accredit_refusals_total{rule=\"case.not-found\",status=\"404\"}"))
        }
    }

    @Test func everyFailureIsAProblemDocument() async throws {
        try await ServerHarness.run { server in
            let token = try server.token(for: "ann")
            let anonymous = try await server.send("GET", "/api/v1/cases")
            #expect(anonymous.status == 401)
            #expect(anonymous.header("Content-Type") == "application/problem+json")
            #expect(anonymous.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            #expect(anonymous.json["code"] as? String == "auth.unauthenticated")
            #expect(anonymous.json["type"] as? String == Problem.typeBase + "auth.unauthenticated")

            let forged = try await server.send("GET", "/api/v1/cases", token: "acc_aaaaaaaaaaaa_forged")
            #expect(forged.status == 401)
            let noRoute = try await server.send("GET", "/api/v1/nothing", token: token)
            #expect(noRoute.status == 404)
            #expect(noRoute.json["code"] as? String == "route.not-found")
            let wrongMethod = try await server.send("DELETE", "/api/v1/cases", token: token)
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.header("Allow") == "GET, POST, HEAD")
            #expect(wrongMethod.header("Content-Type") == "application/problem+json")
            let trace = try await server.send("TRACE", "/healthz")
            #expect(trace.status == 405)
            #expect(trace.header("Allow") == "GET, HEAD")
            let head = try await server.send("HEAD", "/api/v1/cases", token: token)
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.header("Content-Type") == "application/json")
            let badLimit = try await server.send("GET", "/api/v1/auth/log?limit=1001", token: token)
            #expect(badLimit.status == 400)
            #expect(badLimit.json["code"] as? String == "request.query")

            try server.openCaseForEvidence("C-1")
            let malformed = try await server.send(
                "POST", "/api/v1/cases/C-1/events", token: token, body: Data("{\"event\":".utf8),
                headers: ["Content-Type": "application/json"])
            #expect(malformed.status == 400)
            #expect(malformed.json["code"] as? String == "request.malformed")
            let wrongType = try await server.send(
                "POST", "/api/v1/cases/C-1/events", token: token, body: Data("event=x".utf8),
                headers: ["Content-Type": "application/x-www-form-urlencoded"])
            #expect(wrongType.status == 415)
            let missing = try await server.send("POST", "/api/v1/cases/C-1/events", token: token, json: ["data": 1])
            #expect(missing.status == 422)
            #expect(missing.json["code"] as? String == "request.missing-field")
            // A misspelt member is refused, not silently ignored: the document says what each body takes.
            let misspelt = try await server.send(
                "POST", "/api/v1/cases/C-1/events", token: token,
                json: ["event": "case.withdraw", "expectedVersoin": 1])
            #expect(misspelt.status == 422)
            #expect(misspelt.json["code"] as? String == "request.unknown-field")
            let huge = try await server.send(
                "POST", "/api/v1/cases/C-1/events", token: token,
                body: Data(("{\"event\":\"x\",\"data\":\"" + String(repeating: "a", count: 3 << 20) + "\"}").utf8),
                headers: ["Content-Type": "application/json"])
            #expect(huge.status == 413)
            let badKey = try await server.send(
                "POST", "/api/v1/cases/C-1/events", token: token, json: ["event": "case.withdraw"],
                headers: ["Idempotency-Key": "no spaces allowed"])
            #expect(badKey.status == 400)
            #expect(try server.desk.load("C-1").head.version == 6)
        }
    }

    @Test func anotherOrganisationsCaseLooksLikeNoCase() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForEvidence("C-1")
            let hal = try server.token(for: "hal")
            let hidden = try await server.send("GET", "/api/v1/cases/C-1", token: hal)
            let absent = try await server.send("GET", "/api/v1/cases/C-404", token: hal)
            #expect(hidden.status == 404)
            #expect(absent.status == 404)
            #expect(hidden.json["code"] as? String == absent.json["code"] as? String)
            #expect(
                (hidden.json["detail"] as? String)?.replacingOccurrences(of: "C-1", with: "C-404")
                    == absent.json["detail"] as? String)
            for path in ["/api/v1/cases/C-1/next", "/api/v1/cases/C-1/evidence"] {
                #expect(try await server.send("GET", path, token: hal).status == 404)
            }
            let withdraw = try await server.send(
                "POST", "/api/v1/cases/C-1/events", token: hal, json: ["event": "case.withdraw"])
            #expect(withdraw.status == 404)
            let listed = try await server.send("GET", "/api/v1/cases", token: hal)
            #expect((listed.json["cases"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func eventsAreSentAsTheTokensActorAndApplyOncePerIdempotencyKey() async throws {
        try await ServerHarness.run { server in
            try server.openCase("C-1")
            let ann = try server.token(for: "ann")
            let first = try await server.send(
                "POST", "/api/v1/cases/C-1/events", token: ann, json: ["event": "application.submit"],
                headers: ["Idempotency-Key": "submit-1"])
            #expect(first.status == 201)
            #expect(first.json["status"] as? String == "submitted")
            let again = try await server.send(
                "POST", "/api/v1/cases/C-1/events", token: ann, json: ["event": "application.submit"],
                headers: ["Idempotency-Key": "submit-1"])
            #expect(again.status == 200)
            #expect(again.json["repeated"] as? Bool == true)
            let reused = try await server.send(
                "POST", "/api/v1/cases/C-1/events", token: ann, json: ["event": "case.withdraw"],
                headers: ["Idempotency-Key": "submit-1"])
            #expect(reused.status == 422)
            #expect(reused.json["rule"] as? String == "request.reused")
            let otherBody = try await server.send(
                "POST", "/api/v1/cases/C-1/events", token: ann,
                json: ["event": "application.submit", "data": ["note": "another body"]],
                headers: ["Idempotency-Key": "submit-1"])
            #expect(otherBody.status == 422)
            #expect(otherBody.json["rule"] as? String == "request.reused")
            let history = try server.desk.history("C-1")
            #expect(history.map(\.event) == ["application.submit"])
            #expect(history.first?.actor == "ann")
            let refused = try await server.send(
                "POST", "/api/v1/cases/C-1/events", token: ann, json: ["event": "application.accept"])
            #expect(refused.status == 403)
            #expect(refused.json["rule"] as? String == "workflow.role-not-allowed")
            let summary = try await server.send("GET", "/api/v1/cases/C-1", token: try server.token(for: "sec"))
            #expect(summary.json["version"] as? Int == 1)
            #expect(summary.json["status"] as? String == "submitted")
        }
    }

    @Test func uploadsStreamCheckTheirDigestAndDownloadsMatch() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForEvidence("C-1")
            let ann = try server.token(for: "ann")
            let file = Data((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) })
            let digest = Data(SHA256.hash(data: file)).base64EncodedString()
            let wrong = try await server.send(
                "POST", "/api/v1/cases/C-1/evidence?criterion=SL-1.1&item=1&name=policy.pdf", token: ann, body: file,
                headers: ["Content-Digest": "sha-256=:\(Data(repeating: 0, count: 32).base64EncodedString()):"])
            #expect(wrong.status == 422)
            #expect(wrong.json["code"] as? String == "evidence.file-refused")
            #expect(try server.desk.evidence(of: "C-1", for: "ann").isEmpty)
            #expect(try TestFilesList.files(server.blobRoot + "/tmp").isEmpty)

            let stored = try await server.send(
                "POST", "/api/v1/cases/C-1/evidence?criterion=SL-1.1&item=1&name=policy.pdf", token: ann, body: file,
                headers: ["Content-Digest": "sha-256=:\(digest):", "Idempotency-Key": "up-1"])
            #expect(stored.status == 201)
            #expect(stored.json["evidence"] as? String == "E-1")
            #expect(stored.json["uploadedBy"] as? String == "ann")
            let repeated = try await server.send(
                "POST", "/api/v1/cases/C-1/evidence?criterion=SL-1.1&item=1&name=policy.pdf", token: ann, body: file,
                headers: ["Idempotency-Key": "up-1"])
            #expect(repeated.status == 200)
            #expect(repeated.json["repeated"] as? Bool == true)
            let otherCriterion = try await server.send(
                "POST", "/api/v1/cases/C-1/evidence?criterion=SL-1.2&item=1&name=policy.pdf", token: ann, body: file,
                headers: ["Idempotency-Key": "up-1"])
            #expect(otherCriterion.status == 422)
            #expect(otherCriterion.json["rule"] as? String == "request.reused")
            #expect(try server.desk.evidence(of: "C-1", for: "ann").count == 1)

            let download = try await server.send("GET", "/api/v1/cases/C-1/evidence/E-1/content", token: ann)
            #expect(download.status == 200)
            #expect(download.body == file)
            #expect(download.header("Content-Digest") == "sha-256=:\(digest):")
            let hal = try server.token(for: "hal")
            #expect(try await server.send("GET", "/api/v1/cases/C-1/evidence/E-1/content", token: hal).status == 404)

            let sec = try server.token(for: "alice")
            let review = try await server.send(
                "POST", "/api/v1/cases/C-1/evidence/E-1/review", token: sec, json: ["accept": false])
            // The evidence is still with the organisation (no desk review yet): what the workflow offers is checked
            // before the data (a reject without a reason is CaseMachineTests' `evidence.reason`).
            #expect(review.status == 422)
            #expect(review.json["rule"] as? String == "workflow.not-accepted")
        }
    }

    @Test func anUploadOverTheStoresLimitIsRefusedBeforeAnythingIsStored() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForEvidence("C-1")
            _ = try server.desk.changeSetting(.maximumUploadBytes(1024), by: "sec")
            let ann = try server.token(for: "ann")
            let answer = try await server.send(
                "POST", "/api/v1/cases/C-1/evidence?criterion=SL-1.1&item=1", token: ann, body: Data(count: 4096))
            #expect(answer.status == 413)
            #expect(try server.desk.evidence(of: "C-1", for: "ann").isEmpty)
            #expect(try TestFilesList.files(server.blobRoot + "/sha256").isEmpty)
        }
    }
}

extension ServerAPITests {
    @Test func aRefusedUploadStoresNothingAndAProblemQuotesNoDatabase() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForEvidence("C-1")
            let ann = try server.token(for: "ann")
            for query in ["criterion=NOPE-9", "criterion=SL-1.1&supersedes=E-77"] {
                let answer = try await server.send(
                    "POST", "/api/v1/cases/C-1/evidence?\(query)", token: ann, body: Data(repeating: 7, count: 4096))
                #expect(answer.status == 422, "\(query)")
            }
            #expect(try TestFilesList.files(server.blobRoot + "/sha256").isEmpty)
            let sec = try server.token(for: "sec")
            let unknown = try await server.send(
                "POST", "/api/v1/cases", token: sec,
                json: ["case": "C-9", "organisation": "nowhere", "workflow": "patient-safety-accreditation@1"])
            #expect(unknown.status == 404)
            let detail = unknown.json["detail"] as? String ?? ""
            #expect(!detail.contains("organisations") && !detail.contains("Key ("), "\(detail)")
        }
    }

    @Test func aCorruptStoredFileIsNeverDeliveredComplete() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForEvidence("C-1")
            let ann = try server.token(for: "ann")
            let file = Data((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 / 7) })
            let stored = try await server.send(
                "POST", "/api/v1/cases/C-1/evidence?criterion=SL-1.1&item=1&name=a.bin", token: ann, body: file)
            let sha256 = try #require(stored.json["sha256"] as? String)
            let path = server.desk.blobs.path(of: sha256)
            var swapped = file
            swapped[swapped.count - 1] ^= 0xFF
            try swapped.write(to: URL(fileURLWithPath: path))
            do {
                let answer = try await server.send("GET", "/api/v1/cases/C-1/evidence/E-1/content", token: ann)
                #expect(answer.body.count < file.count)
                #expect(answer.body != swapped)
            } catch {
                // The connection was broken off before the end: what a client should see.
            }
            #expect(try await server.send("GET", "/healthz").status == 200)
        }
    }
}

/// Files under a directory, recursively (empty when it does not exist).
enum TestFilesList {
    static func files(_ path: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }
    }
}

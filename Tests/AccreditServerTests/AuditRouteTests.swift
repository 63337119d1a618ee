import AccreditAPI
import AccreditEngine
import AccreditServer
import CaseService
import EvidenceStore
import Foundation
import PostgresTestSupport
import Testing

/// The history, replay, report, award, audit, timer and evidence housekeeping routes over HTTP: what each answers,
/// and how each refuses the wrong role, another organisation's case and bad input.
@Suite(.serialized) struct AuditRouteTests {
    /// A server whose environment holds a signing key (registered with the store), a checkpoint directory, an award
    /// status path and a temporary directory, all under `directory`; C-1 is riverside's case at the evidence stage.
    static func run(_ body: (ServerHarness, String) async throws -> Void) async throws {
        try await TestFiles.withTemporaryDirectory { directory in
            try FileManager.default.createDirectory(atPath: directory + "/tmp", withIntermediateDirectories: true)
            try await ServerHarness.run(configure: {
                $0.environment = APIEnvironment(
                    home: directory + "/home",
                    checkpointDirectory: CheckpointDirectory(path: directory + "/checkpoints"),
                    awardStatusPath: directory + "/published/award-status.json", temporaryDirectory: directory + "/tmp")
            }) { server in
                _ = try server.desk.establishSigningKey(home: directory + "/home", by: "sec")
                try server.openCaseForEvidence("C-1")
                try await body(server, directory)
            }
        }
    }

    @Test func historyReplayAndReportAnswerAndRefuse() async throws {
        try await Self.run { server, _ in
            let aud = try server.token(for: "aud")
            let hal = try server.token(for: "hal")
            let ann = try server.token(for: "ann")
            let history = try await server.send("GET", "/api/v1/cases/C-1/history?actor=sec", token: aud)
            #expect(history.status == 200)
            #expect((history.json["events"] as? [[String: Any]])?.count == 5)
            #expect(try await server.send("GET", "/api/v1/cases/C-1/history", token: ann).status == 200)
            // Another organisation's case looks like no case; bad input is a 422 that names it.
            #expect(try await server.send("GET", "/api/v1/cases/C-1/history", token: hal).status == 404)
            let badTime = try await server.send("GET", "/api/v1/cases/C-1/history?since=yesterday", token: aud)
            #expect(badTime.status == 422)
            #expect(badTime.json["code"] as? String == "request.wrong-type")

            let replay = try await server.send("GET", "/api/v1/cases/C-1/replay?until=2&steps=true", token: aud)
            #expect(replay.status == 200)
            #expect(replay.json["truncated"] as? Bool == true)
            #expect((replay.json["steps"] as? [Any])?.count == 2)
            let full = try await server.send("GET", "/api/v1/cases/C-1/replay", token: aud)
            #expect(full.json["matchesProjection"] as? Bool == true)
            #expect(full.json["steps"] == nil)
            #expect(try await server.send("GET", "/api/v1/cases/C-1/replay", token: hal).status == 404)
            for query in ["until=1&asAt=2026-01-01", "until=-1", "steps=yes"] {
                let bad = try await server.send("GET", "/api/v1/cases/C-1/replay?" + query, token: aud)
                #expect(bad.status == 422, "\(query)")
            }

            let report = try await server.send("GET", "/api/v1/reports/cases?at=2026-06-01", token: aud)
            #expect(report.status == 200)
            #expect((report.json["casesByState"] as? [String: Int])?.values.reduce(0, +) == 1)
            let refused = try await server.send("GET", "/api/v1/reports/cases", token: ann)
            #expect(refused.status == 403)
            #expect(refused.json["rule"] as? String == "access.cases.report")
            let huge = try await server.send("GET", "/api/v1/reports/cases?expiringWithin=99999999999", token: aud)
            #expect(huge.status == 422)
            #expect(try await server.send("GET", "/api/v1/reports/cases").status == 401)
        }
    }

    @Test func awardsAndTheStatusList() async throws {
        try await Self.run { server, directory in
            let sec = try server.token(for: "sec")
            let ann = try server.token(for: "ann")
            let hal = try server.token(for: "hal")
            let none = try await server.send("GET", "/api/v1/cases/C-1/award", token: sec)
            #expect(none.status == 422)
            #expect(none.json["code"] as? String == "award.none")
            #expect(try await server.send("GET", "/api/v1/cases/C-1/award/certificate", token: hal).status == 404)
            #expect(try await server.send("GET", "/api/v1/award-status").status == 404)
            #expect(try await server.send("POST", "/api/v1/award-status", token: ann).status == 403)
            let published = try await server.send("POST", "/api/v1/award-status", token: sec)
            #expect(published.status == 201)
            #expect(published.json["file"] as? String == directory + "/published/award-status.json")
            // The list is a public document: anyone may fetch it, and it verifies against the store's key.
            let list = try await server.send("GET", "/api/v1/award-status")
            #expect(list.status == 200)
            let parsed = try AwardStatusList(fileText: String(decoding: list.body, as: UTF8.self))
            #expect(parsed.isSignatureValid)
            #expect(HashChain.hex(parsed.publicKey) == published.json["publicKey"] as? String)
        }
    }

    @Test func auditsCheckpointsAndBundles() async throws {
        try await Self.run { server, directory in
            let aud = try server.token(for: "aud")
            let ann = try server.token(for: "ann")
            let hal = try server.token(for: "hal")
            let all = try await server.send("POST", "/api/v1/audit/verify", token: aud)
            #expect(all.status == 200)
            #expect(all.json["clean"] as? Bool == true)
            #expect(try await server.send("POST", "/api/v1/audit/verify", token: ann).status == 403)
            #expect(try await server.send("POST", "/api/v1/cases/C-1/audit", token: ann).status == 200)
            let hidden = try await server.send("POST", "/api/v1/cases/C-1/audit", token: hal)
            #expect(hidden.status == 404)
            #expect(hidden.json["code"] as? String == "case.not-found")
            for body: Any in [
                ["since": "{}"], ["since": "not a checkpoint", "trustedKeys": [String(repeating: "a", count: 64)]],
                ["trustedKeys": ["not-a-key"]], ["trustedKeys": "a"], ["since": 1], [1],
            ] {
                let bad = try await server.send("POST", "/api/v1/audit/verify", token: aud, json: body)
                #expect(bad.status == 422, "\(body)")
            }

            #expect(try await server.send("POST", "/api/v1/audit/checkpoints", token: ann).status == 403)
            let signed = try await server.send("POST", "/api/v1/audit/checkpoints", token: aud)
            #expect(signed.status == 201)
            let document = try Checkpoint.parse(try #require(signed.json["document"] as? String))
            let key = try SigningKey.load(home: directory + "/home")
            #expect(document.problems(trusting: TrustedKeys(publicKeys: [key.publicKey])).isEmpty)
            #expect(FileManager.default.fileExists(atPath: try #require(signed.json["published"] as? String)))
            // Verifying since the checkpoint needs a trust anchor, and then proves history up to it.
            let since = try await server.send(
                "POST", "/api/v1/audit/verify", token: aud,
                json: ["since": document.fileText, "trustedKeys": [HashChain.hex(key.publicKey)]])
            #expect(since.status == 200)
            #expect(since.json["clean"] as? Bool == true)
            let untrusted = try await server.send(
                "POST", "/api/v1/audit/verify", token: aud,
                json: ["since": document.fileText, "trustedKeys": [String(repeating: "b", count: 64)]])
            #expect(untrusted.status == 422)

            // The case's checkpoint: covered already, so none is taken; another organisation's case is not found.
            let covered = try await server.send("POST", "/api/v1/cases/C-1/checkpoint", token: ann)
            #expect(covered.status == 200)
            #expect(covered.json["checkpoint"] is NSNull)
            #expect(try await server.send("POST", "/api/v1/cases/C-1/checkpoint", token: hal).status == 404)

            let bundle = try await server.send("GET", "/api/v1/cases/C-1/bundle?withFiles=true", token: aud)
            #expect(bundle.status == 200)
            let text = String(decoding: bundle.body, as: UTF8.self)
            #expect(try CaseBundle.parse(text).caseID == "C-1")
            #expect(bundle.header("Content-Digest") != nil)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/tmp").isEmpty)
            #expect(try await server.send("GET", "/api/v1/cases/C-1/bundle", token: hal).status == 404)
            #expect(try await server.send("GET", "/api/v1/cases/C-1/bundle?withFiles=1", token: aud).status == 422)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/tmp").isEmpty)
        }
    }

    @Test func timersAndEvidenceHousekeeping() async throws {
        try await Self.run { server, directory in
            let sec = try server.token(for: "sec")
            let aud = try server.token(for: "aud")
            let alice = try server.token(for: "alice")
            #expect(try await server.send("POST", "/api/v1/timers/fire", token: alice).status == 403)
            let fired = try await server.send("POST", "/api/v1/timers/fire", token: sec, json: ["case": "C-1"])
            #expect(fired.status == 200)
            #expect((fired.json["delivered"] as? [Any])?.isEmpty == true)
            #expect(try await server.send("POST", "/api/v1/timers/fire", token: sec, json: ["case": 1]).status == 422)

            #expect(try await server.send("POST", "/api/v1/evidence-files/fsck", token: alice).status == 403)
            let fsck = try await server.send("POST", "/api/v1/evidence-files/fsck", token: aud, json: ["repair": false])
            #expect(fsck.status == 200)
            #expect(fsck.json["clean"] as? Bool == true)
            let negative = try await server.send(
                "POST", "/api/v1/evidence-files/fsck", token: aud, json: ["graceSeconds": -1])
            #expect(negative.status == 422)

            try Data("stray".utf8).write(to: URL(fileURLWithPath: directory + "/stray.txt"))
            let orphan = try server.desk.blobs.put(fileAt: directory + "/stray.txt")
            let path = "/api/v1/evidence-files/\(orphan.sha256)/discard"
            #expect(try await server.send("POST", path, token: aud, json: ["reason": "stray"]).status == 403)
            #expect(try await server.send("POST", path, token: sec, json: [:]).status == 422)
            #expect(try await server.send("POST", path, token: sec, json: ["reason": ""]).status == 422)
            let upper = "/api/v1/evidence-files/\(orphan.sha256.uppercased())/discard"
            #expect(try await server.send("POST", upper, token: sec, json: ["reason": "stray"]).status == 422)
            let discarded = try await server.send("POST", path, token: sec, json: ["reason": "stray"])
            #expect(discarded.status == 200)
            #expect(discarded.json["disposedBy"] as? String == "sec")
            #expect(!server.desk.blobs.storedHashes().contains(orphan.sha256))
        }
    }

    @Test func aServerWithoutAKeyRefusesToSign() async throws {
        try await ServerHarness.run { server in
            try server.openCase("C-1")
            let aud = try server.token(for: "aud")
            let refused = try await server.send("POST", "/api/v1/audit/checkpoints", token: aud)
            #expect(refused.status == 503)
            #expect(refused.json["code"] as? String == "key.missing")
        }
    }
}

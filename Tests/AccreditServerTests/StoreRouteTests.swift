import AccreditAPI
import CaseService
import EvidenceStore
import Foundation
import Testing

/// The store's settings and signing keys over HTTP: read by the directory's readers, changed by an administrator.
@Suite(.serialized) struct StoreRouteTests {
    @Test func settingsAreReadByAnyReaderAndChangedByAnAdministrator() async throws {
        try await ServerHarness.run { server in
            let ann = try server.token(for: "ann")
            let settings = try await server.send("GET", "/api/v1/store/settings", token: ann)
            #expect(settings.status == 200)
            #expect(
                settings.json.keys.sorted()
                    == ["changes", "checkpointInterval", "clock", "now", "sandbox", "staffTOTP", "uploadMaxBytes"])
            #expect(settings.json["clock"] as? String == "server")

            let refused = try await server.send(
                "POST", "/api/v1/store/settings", token: ann, json: ["setting": "upload.max-bytes", "value": "1"])
            #expect(refused.status == 403)
            #expect(refused.json["rule"] as? String == "access.store.configure")

            let sec = try server.token(for: "sec")
            let changed = try await server.send(
                "POST", "/api/v1/store/settings", token: sec,
                json: ["setting": "upload.max-bytes", "value": "104857600"])
            #expect(changed.status == 201)
            #expect(changed.json["changedBy"] as? String == "sec")
            let after = try await server.send("GET", "/api/v1/store/settings", token: ann)
            #expect(after.json["uploadMaxBytes"] as? Int == 104_857_600)
            let history = try await server.send("GET", "/api/v1/store/settings/history", token: ann)
            #expect((history.json["changes"] as? [[String: Any]])?.first?["setting"] as? String == "upload.max-bytes")
        }
    }

    @Test func badSettingsAreRefused() async throws {
        try await ServerHarness.run { server in
            let sec = try server.token(for: "sec")
            for (setting, value) in [
                ("nothing", "1"), ("upload.max-bytes", "lots"), ("upload.max-bytes", "-5"), ("sandbox", "false"),
                ("clock", "tomorrow"), ("checkpoint.interval", "5"),
            ] {
                let answer = try await server.send(
                    "POST", "/api/v1/store/settings", token: sec, json: ["setting": setting, "value": value])
                #expect(answer.status == 422, "\(setting) \(value): \(answer.json)")
            }
            // A simulated clock only on a sandbox.
            let clock = try await server.send(
                "POST", "/api/v1/store/settings", token: sec, json: ["setting": "clock", "value": "2030-01-01"])
            #expect(clock.status == 422)
            #expect(clock.json["code"] as? String == "store.setting-refused")
            #expect(try server.desk.settings.history().isEmpty)
        }
    }

    @Test func signingKeysAreListedToSignedInPeopleOnly() async throws {
        try await ServerHarness.run { server in
            let anonymous = try await server.send("GET", "/api/v1/keys")
            #expect(anonymous.status == 401)
            let keys = try await server.send("GET", "/api/v1/keys", token: try server.token(for: "hal"))
            #expect(keys.status == 200)
            #expect(keys.json["keys"] is [Any])
        }
    }
}

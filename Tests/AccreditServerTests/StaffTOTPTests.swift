import AccreditAPI
import CaseService
import EvidenceStore
import Foundation
import Testing

/// The store setting `auth.staff-totp`: while it is `required`, staff sign in with a TOTP code too, and staff
/// invitations enrol one. Organisations' people are not staff and keep signing in with a password.
@Suite(.serialized) struct StaffTOTPTests {
    /// Sets a password for an actor from an operator's invitation; returns the TOTP secret enrolled, if any.
    static func setPassword(_ server: ServerHarness, _ actor: String) throws -> String? {
        let invitation = try server.desk.invite(actor, requireTOTP: false, by: .operator("test"))
        return try server.desk.redeemInvitation(code: invitation.code, password: SignInTests.password).totpSecret
    }

    @Test func staffWithoutAnAuthenticatorAreRefusedUntilANewInvitationEnrolsOne() async throws {
        try await ServerHarness.run { server in
            #expect(try Self.setPassword(server, "alice") == nil)
            #expect(try Self.setPassword(server, "ann") == nil)
            let sec = try server.token(for: "sec")
            let alice = try server.token(for: "alice")
            // Only an administrator changes the setting, and only to what it takes.
            let bySomeoneElse = try await server.send(
                "POST", "/api/v1/store/settings", token: alice,
                json: ["setting": "auth.staff-totp", "value": "required"])
            #expect(bySomeoneElse.status == 403)
            let nonsense = try await server.send(
                "POST", "/api/v1/store/settings", token: sec, json: ["setting": "auth.staff-totp", "value": "maybe"])
            #expect(nonsense.status == 422)
            let set = try await server.send(
                "POST", "/api/v1/store/settings", token: sec, json: ["setting": "auth.staff-totp", "value": "required"])
            #expect(set.status == 201)
            let settings = try await server.send("GET", "/api/v1/store/settings", token: sec)
            #expect(settings.json["staffTOTP"] as? String == "required")

            // alice (an assessor) has a password and no authenticator: the right password is not enough.
            for path in ["/api/v1/auth/token", "/api/v1/auth/session"] {
                let refused = try await server.send(
                    "POST", path, json: ["actor": "alice", "password": SignInTests.password])
                #expect(refused.status == 401)
                #expect(refused.json["code"] as? String == "auth.totp-enrolment-required")
            }
            // A wrong password still gets the one answer for every failure: nothing about enrolment leaks.
            let guessed = try await server.send(
                "POST", "/api/v1/auth/token", json: ["actor": "alice", "password": "not the password at all"])
            #expect(guessed.json["code"] as? String == "auth.sign-in-failed")
            // ann represents an organisation: not staff, so her password still signs her in.
            let ann = try await server.send(
                "POST", "/api/v1/auth/token", json: ["actor": "ann", "password": SignInTests.password])
            #expect(ann.status == 201)

            // An administrator may not reset a staff member's password (it would hand them the account); the
            // operator's new invitation enrols TOTP, even when it did not ask for it.
            let byAdministrator = try await server.send(
                "POST", "/api/v1/invitations", token: sec, json: ["actor": "alice", "requireTOTP": false])
            #expect(byAdministrator.status == 403)
            #expect(byAdministrator.json["rule"] as? String == "access.staff-reset")
            let code = try server.desk.invite("alice", requireTOTP: false, by: .operator("test")).code
            let redeemed = try await server.send(
                "POST", "/api/v1/invitations/redeem", json: ["code": code, "password": SignInTests.password])
            let secret = try #require(redeemed.json["totpSecret"] as? String)
            #expect(!secret.isEmpty)
            let noCode = try await server.send(
                "POST", "/api/v1/auth/token", json: ["actor": "alice", "password": SignInTests.password])
            #expect(noCode.json["code"] as? String == "auth.totp-required")
            let account = try #require(
                try IdentityRecords(connection: PostgresConnection(conninfo: server.conninfo)).account("alice"))
            let totp = TOTP(secret: try #require(account.totpSecret))
            let now = try IdentityRecords(connection: PostgresConnection(conninfo: server.conninfo)).now()
            let signedIn = try await server.send(
                "POST", "/api/v1/auth/token",
                json: ["actor": "alice", "password": SignInTests.password, "totp": totp.code(step: totp.step(at: now))])
            #expect(signedIn.status == 201)
            let log = try server.desk.authenticationLog(of: "alice", limit: 50, as: .operator("test"))
            #expect(log.filter { $0.kind == "sign-in.refused" }.count == 2)
            #expect(log.contains { $0.kind == "invitation.created" && $0.detail?.contains("auth.staff-totp") == true })
        }
    }

    @Test func turningTheSettingOffLetsPasswordsAloneSignStaffInAgain() async throws {
        try await ServerHarness.run { server in
            _ = try Self.setPassword(server, "dana")
            _ = try server.desk.changeSetting(.staffTOTP(required: true), by: "sec")
            let refused = try await server.send(
                "POST", "/api/v1/auth/token", json: ["actor": "dana", "password": SignInTests.password])
            #expect(refused.json["code"] as? String == "auth.totp-enrolment-required")
            _ = try server.desk.changeSetting(.staffTOTP(required: false), by: "sec")
            let signedIn = try await server.send(
                "POST", "/api/v1/auth/token", json: ["actor": "dana", "password": SignInTests.password])
            #expect(signedIn.status == 201)
            #expect(
                try server.desk.storeSettingHistory(as: "sec").filter { $0.name == "auth.staff-totp" }.map(\.value)
                    == ["required", "optional"])
        }
    }
}

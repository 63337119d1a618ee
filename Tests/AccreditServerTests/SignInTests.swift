import AccreditAPI
import CaseService
import EvidenceStore
import Foundation
import Statecharts
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Signing in over HTTP: invitations, passwords, TOTP, lockout, sessions with CSRF tokens.
@Suite(.serialized) struct SignInTests {
    static let password = "correct horse battery staple"

    @Test func anInvitationSetsAPasswordOnceAndSignInGivesAToken() async throws {
        try await ServerHarness.run { server in
            let invitation = try server.desk.invite("ann", requireTOTP: false, by: .operator("test"))
            let weak = try await server.send(
                "POST", "/api/v1/invitations/redeem", json: ["code": invitation.code, "password": "short"])
            #expect(weak.status == 422)
            #expect(weak.json["code"] as? String == "auth.password-rejected")
            let redeemed = try await server.send(
                "POST", "/api/v1/invitations/redeem", json: ["code": invitation.code, "password": Self.password])
            #expect(redeemed.status == 200)
            #expect(redeemed.json["actor"] as? String == "ann")
            let twice = try await server.send(
                "POST", "/api/v1/invitations/redeem", json: ["code": invitation.code, "password": Self.password])
            #expect(twice.status == 404)
            let signedIn = try await server.send(
                "POST", "/api/v1/auth/token", json: ["actor": "ann", "password": Self.password, "name": "cli"])
            #expect(signedIn.status == 201)
            let token = signedIn.json["token"] as? String ?? ""
            let me = try await server.send("GET", "/api/v1/me", token: token)
            #expect(me.json["actor"] as? String == "ann")
        }
    }

    @Test func repeatedFailuresLockTheAccountAndEveryAttemptIsLogged() async throws {
        try await ServerHarness.run { server in
            let invitation = try server.desk.invite("ann", requireTOTP: false, by: .operator("test"))
            _ = try server.desk.redeemInvitation(code: invitation.code, password: Self.password)
            for _ in 0..<5 {
                let wrong = try await server.send(
                    "POST", "/api/v1/auth/token", json: ["actor": "ann", "password": "not the password at all"])
                #expect(wrong.status == 401)
                #expect(wrong.json["code"] as? String == "auth.sign-in-failed")
            }
            // Locked, even with the right password; the answer is a stranger's wrong guess, word for word, so that a
            // lock does not tell anyone that the account exists.
            let locked = try await server.send(
                "POST", "/api/v1/auth/token", json: ["actor": "ann", "password": Self.password])
            #expect(locked.status == 401)
            #expect(locked.json["code"] as? String == "auth.sign-in-failed")
            for _ in 0..<6 {
                _ = try await server.send(
                    "POST", "/api/v1/auth/token", json: ["actor": "nobody", "password": "not the password at all"])
            }
            let unknown = try await server.send(
                "POST", "/api/v1/auth/token", json: ["actor": "nobody", "password": Self.password])
            #expect(unknown.status == locked.status)
            #expect(unknown.json["code"] as? String == "auth.sign-in-failed")
            #expect(unknown.json["detail"] as? String == locked.json["detail"] as? String)
            let log = try server.desk.authenticationLog(of: nil, limit: 50, as: .operator("test"))
            #expect(log.filter { $0.kind == "sign-in.failed" && $0.actorID == "ann" }.count == 5)
            #expect(log.contains { $0.kind == "sign-in.locked" })
            #expect(log.contains { $0.kind == "sign-in.failed" && $0.subject == "nobody" })
            let insider = try PostgresConnection(conninfo: server.conninfo)
            #expect(throws: PostgresError.self) { _ = try insider.execute("DELETE FROM auth_events") }
        }
    }

    @Test func totpIsRequiredWhenEnrolledAndACodeWorksOnce() async throws {
        try await ServerHarness.run { server in
            let invitation = try server.desk.invite("lee", requireTOTP: true, by: .operator("test"))
            let redeemed = try server.desk.redeemInvitation(code: invitation.code, password: Self.password)
            let secret = try #require(redeemed.totpSecret)
            #expect(redeemed.totpURI?.hasPrefix("otpauth://totp/Accredit:lee?secret=\(secret)") == true)
            let noCode = try await server.send(
                "POST", "/api/v1/auth/token", json: ["actor": "lee", "password": Self.password])
            #expect(noCode.status == 401)
            #expect(noCode.json["code"] as? String == "auth.totp-required")
            let account = try #require(
                try IdentityRecords(connection: PostgresConnection(conninfo: server.conninfo))
                    .account("lee"))
            let totp = TOTP(secret: try #require(account.totpSecret))
            let now = try IdentityRecords(connection: PostgresConnection(conninfo: server.conninfo)).now()
            let code = totp.code(step: totp.step(at: now))
            let wrong = code == "000000" ? "111111" : "000000"
            let bad = try await server.send(
                "POST", "/api/v1/auth/token", json: ["actor": "lee", "password": Self.password, "totp": wrong])
            #expect(bad.status == 401)
            let good = try await server.send(
                "POST", "/api/v1/auth/token", json: ["actor": "lee", "password": Self.password, "totp": code])
            #expect(good.status == 201)
            let replayed = try await server.send(
                "POST", "/api/v1/auth/token", json: ["actor": "lee", "password": Self.password, "totp": code])
            #expect(replayed.status == 401)
        }
    }

    @Test func aBrowserSessionIsAnHttpOnlyStrictCookieAndChangesNeedItsCSRFToken() async throws {
        try await ServerHarness.run { server in
            try server.openCase("C-1")
            let invitation = try server.desk.invite("ann", requireTOTP: false, by: .operator("test"))
            _ = try server.desk.redeemInvitation(code: invitation.code, password: Self.password)
            let signIn = try await server.send(
                "POST", "/api/v1/auth/session", json: ["actor": "ann", "password": Self.password])
            #expect(signIn.status == 201)
            let cookie = try #require(signIn.header("Set-Cookie"))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.lowercased().contains("samesite=strict"))
            let session = String(cookie.split(separator: ";")[0])
            let csrf = signIn.json["csrfToken"] as? String ?? ""
            let again = try await server.send(
                "POST", "/api/v1/auth/session", json: ["actor": "ann", "password": Self.password])
            #expect(again.header("Set-Cookie")?.split(separator: ";").first.map(String.init) != session)
            let read = try await server.send("GET", "/api/v1/me", headers: ["Cookie": session])
            #expect(read.json["actor"] as? String == "ann")
            let forged = try await server.send(
                "POST", "/api/v1/cases/C-1/events", json: ["event": "application.submit"],
                headers: ["Cookie": session])
            #expect(forged.status == 401)
            #expect(try server.desk.history("C-1").isEmpty)
            let sent = try await server.send(
                "POST", "/api/v1/cases/C-1/events", json: ["event": "application.submit"],
                headers: ["Cookie": session, "X-CSRF-Token": csrf])
            #expect(sent.status == 201)
        }
    }

    @Test func signingOutEndsTheSessionAndClearsItsCookie() async throws {
        try await ServerHarness.run { server in
            let invitation = try server.desk.invite("ann", requireTOTP: false, by: .operator("test"))
            _ = try server.desk.redeemInvitation(code: invitation.code, password: Self.password)
            let signIn = try await server.send(
                "POST", "/api/v1/auth/session", json: ["actor": "ann", "password": Self.password])
            let session = String(try #require(signIn.header("Set-Cookie")).split(separator: ";")[0])
            let csrf = signIn.json["csrfToken"] as? String ?? ""
            // A page on another site cannot sign a person out: the CSRF token is needed.
            let forged = try await server.send("DELETE", "/api/v1/auth/session", headers: ["Cookie": session])
            #expect(forged.status == 401)
            let out = try await server.send(
                "DELETE", "/api/v1/auth/session", headers: ["Cookie": session, "X-CSRF-Token": csrf])
            #expect(out.status == 204)
            let cleared = try #require(out.header("Set-Cookie"))
            #expect(cleared.contains("Max-Age=0"), "\(cleared)")
            #expect(try await server.send("GET", "/api/v1/me", headers: ["Cookie": session]).status == 401)
            // A token is not a session: it is revoked, not signed out.
            let token = try server.token(for: "ann")
            let withToken = try await server.send("DELETE", "/api/v1/auth/session", token: token)
            #expect(withToken.status == 400)
            #expect(withToken.json["code"] as? String == "auth.no-session")
            let log = try server.desk.authenticationLog(of: "ann", limit: 20, as: .operator("test")).map(\.kind)
            #expect(log.contains("sign-out"))
        }
    }

    @Test func aPasswordResetSignsThePersonOutEverywhere() async throws {
        try await ServerHarness.run { server in
            let first = try server.desk.invite("ann", requireTOTP: false, by: .operator("test"))
            _ = try server.desk.redeemInvitation(code: first.code, password: Self.password)
            let signIn = try await server.send(
                "POST", "/api/v1/auth/session", json: ["actor": "ann", "password": Self.password])
            let session = String(try #require(signIn.header("Set-Cookie")).split(separator: ";")[0])
            let token = try server.token(for: "ann")
            #expect(try await server.send("GET", "/api/v1/me", token: token).status == 200)
            // Whoever reset the password (an administrator, or someone with the new code) is seen: every session
            // and token the account had stops working.
            let reset = try server.desk.invite("ann", requireTOTP: false, by: .operator("test"))
            _ = try server.desk.redeemInvitation(code: reset.code, password: Self.password + " again")
            #expect(try await server.send("GET", "/api/v1/me", token: token).status == 401)
            #expect(try await server.send("GET", "/api/v1/me", headers: ["Cookie": session]).status == 401)
            let log = try server.desk.authenticationLog(of: "ann", limit: 20, as: .operator("test"))
            #expect(log.contains { $0.kind == "invitation.redeemed" && $0.detail?.contains("2 earlier") == true })
        }
    }

    @Test func signingInTwiceWithoutANameGivesTwoTokens() async throws {
        try await ServerHarness.run { server in
            let invitation = try server.desk.invite("ann", requireTOTP: false, by: .operator("test"))
            _ = try server.desk.redeemInvitation(code: invitation.code, password: Self.password)
            for _ in 0..<2 {
                let signedIn = try await server.send(
                    "POST", "/api/v1/auth/token", json: ["actor": "ann", "password": Self.password])
                #expect(signedIn.status == 201, "\(signedIn.json)")
                #expect((signedIn.json["name"] as? String)?.hasPrefix("token ") == true)
            }
        }
    }

    @Test func concurrentGuessesCannotOutrunTheLock() async throws {
        try await ServerHarness.run { server in
            let invitation = try server.desk.invite("ann", requireTOTP: false, by: .operator("test"))
            _ = try server.desk.redeemInvitation(code: invitation.code, password: Self.password)
            let url = try ServerHarness.url(server.base.absoluteString + "/api/v1/auth/token")
            try await withThrowingTaskGroup(of: Int.self) { group in
                for guess in 0..<9 {
                    group.addTask {
                        var request = URLRequest(url: url)
                        request.httpMethod = "POST"
                        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                        request.httpBody = Data("{\"actor\":\"ann\",\"password\":\"wrong guess \(guess)!\"}".utf8)
                        let (_, response) = try await ServerHarness.session.data(for: request)
                        return (response as? HTTPURLResponse)?.statusCode ?? 0
                    }
                }
                for try await status in group { #expect(status == 401) }
            }
            let right = try await server.send(
                "POST", "/api/v1/auth/token", json: ["actor": "ann", "password": Self.password])
            #expect(right.status == 401)
            #expect(right.json["code"] as? String == "auth.sign-in-failed")
            let log = try server.desk.authenticationLog(of: "ann", limit: 50, as: .operator("test"))
            #expect(log.filter { $0.kind == "sign-in.failed" }.count <= 5)
            #expect(!log.contains { $0.kind == "sign-in" })
        }
    }
}

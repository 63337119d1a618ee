import AccreditServer
import CaseService
import EvidenceStore
import Foundation
import Testing

/// The person's own pages: setting a password from an invitation, and making and revoking tokens (the password
/// asked again, the token shown once).
@Suite(.serialized) struct PortalAccountTests {
    @Test func anInvitationSetsThePasswordOnceAndThePersonSignsIn() async throws {
        try await ServerHarness.run { server in
            let invitation = try server.desk.invite("ann", requireTOTP: false, by: .operator("test"))
            let client = PageClient(server.base)
            let form = try await client.get("/invitation?code=\(invitation.code)")
            #expect(form.status == 200)
            #expect(form.text.contains("value=\"\(invitation.code)\""))
            let mismatch = try await client.post(
                "/invitation", [("code", invitation.code), ("password", "one long phrase"), ("confirm", "another")])
            #expect(mismatch.status == 400)
            #expect(mismatch.text.contains("href=\"#confirm\">The two passwords are not the same"))
            let set = try await client.post(
                "/invitation",
                [("code", invitation.code), ("password", "one long phrase here"), ("confirm", "one long phrase here")])
            #expect(set.status == 200)
            #expect(set.text.contains("You can now sign in as <strong>ann</strong>"))
            let again = try await client.post(
                "/invitation",
                [("code", invitation.code), ("password", "a different phrase"), ("confirm", "a different phrase")])
            #expect(again.status != 200)
            #expect(again.text.contains("There is a problem"))
            let signedIn = try await client.signIn("ann", password: "one long phrase here")
            #expect(signedIn.status == 303)
        }
    }

    @Test func aTokenIsMadeWithThePasswordShownOnceAndRevoked() async throws {
        try await ServerHarness.run { server in
            let ann = try await server.signedIn("ann")
            let page = try await ann.get("/account")
            #expect(page.status == 200)
            #expect(page.text.contains("You have no tokens"))
            let csrf = try #require(page.hidden("csrf"))
            let wrong = try await ann.post(
                "/account/tokens", [("csrf", csrf), ("name", "ci"), ("password", "not the password")])
            #expect(wrong.status == 401)
            #expect(try server.desk.tokens(of: "ann", as: .operator("test")).isEmpty)
            let made = try await ann.post(
                "/account/tokens", [("csrf", csrf), ("name", "ci"), ("password", "correct horse battery staple")])
            #expect(made.status == 201)
            let secret = try #require(
                made.text.range(of: "id=\"new-token\">").map { made.text[$0.upperBound...].prefix { $0 != "<" } })
            #expect(try server.desk.authenticate(token: String(secret)).id == "ann")
            let listed = try await ann.get("/account")
            #expect(!listed.text.contains(String(secret)))
            let id = try #require(try server.desk.tokens(of: "ann", as: .operator("test")).first?.id)
            let revoked = try await ann.post("/account/tokens/\(id)/revoke", [("csrf", csrf)])
            #expect(revoked.status == 303)
            #expect(throws: (any Error).self) { try server.desk.authenticate(token: String(secret)) }
        }
    }
}

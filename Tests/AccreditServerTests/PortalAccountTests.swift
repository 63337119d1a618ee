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

    @Test func aPersonKeepsTheirOwnAddressForRemindersAndTheSecretariatSeesEveryones() async throws {
        try await ServerHarness.run { server in
            let ann = try await server.signedIn("ann")
            let page = try await ann.get("/account")
            #expect(page.text.contains("None: you get no reminders by e-mail"))
            let csrf = try #require(page.hidden("csrf"))
            let forged = try await ann.post("/account/email", [("csrf", "forged"), ("email", "eve@evil.example")])
            #expect(forged.status == 403)
            let hostile = try await ann.post(
                "/account/email", [("csrf", csrf), ("email", "<script>alert(1)</script>@x.example")])
            #expect(hostile.status == 422)
            #expect(hostile.text.contains("href=\"#email\">Enter an address such as name@example.org"))
            #expect(!hostile.text.contains("<script>alert(1)"))
            #expect(hostile.text.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;@x.example\""))
            let saved = try await ann.post("/account/email", [("csrf", csrf), ("email", " ann@riverside.example ")])
            #expect(saved.status == 303)
            #expect(saved.header("Location") == "/account?notice=email-saved")
            #expect(try server.desk.directory.actor("ann").email == "ann@riverside.example")
            let shown = try await ann.get("/account?notice=email-saved")
            #expect(shown.text.contains("reminders of deadlines go to it"))
            #expect(shown.text.contains("value=\"ann@riverside.example\""))

            // The secretariat sees it on the people page and adds someone with an address; Ann sees only her own.
            let sec = try await server.signedIn("sec")
            let people = try await sec.get("/people")
            #expect(people.text.contains("<td>ann@riverside.example</td>"))
            let bad = try await sec.post(
                "/people",
                [
                    ("csrf", try #require(people.hidden("csrf"))), ("id", "ada"), ("name", "Ada"),
                    ("roles", "applicant"),
                    ("organisation", "riverside"), ("email", "not an address"),
                ])
            #expect(bad.status == 422)
            #expect(bad.text.contains("href=\"#person-email\">"))
            let added = try await sec.post(
                "/people",
                [
                    ("csrf", try #require(people.hidden("csrf"))), ("id", "ada"), ("name", "Ada"),
                    ("roles", "applicant"),
                    ("organisation", "riverside"), ("email", "ada@riverside.example"),
                ])
            #expect(added.status == 303)
            #expect(try server.desk.directory.actor("ada").email == "ada@riverside.example")
            let annSees = try await ann.get("/people")
            #expect(!annSees.text.contains("ada@riverside.example"))

            let removed = try await ann.post("/account/email", [("csrf", csrf), ("email", "")])
            #expect(removed.header("Location") == "/account?notice=email-removed")
            #expect(try server.desk.directory.actor("ann").email == nil)
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

import AccreditEngine
import AccreditPortal
import AccreditServer
import CaseService
import EvidenceStore
import Foundation
import PostgresTestSupport
import ServiceTestSupport
import Testing

/// The portal's pages over the real server: signing in and out, what each person sees, and the attacks on the
/// pages (another organisation's case, forms without the session's token or from another site, stored markup).
@Suite(.serialized) struct PortalPageTests {
    @Test func signingInSetsAStrictHttpOnlyCookieAndListsTheOrganisationsCases() async throws {
        try await ServerHarness.run { server in
            try server.openCase("C-1")
            try server.openCase("H-1", organisation: "hillside")
            let client = PageClient(server.base)
            let form = try await client.get("/sign-in")
            #expect(form.status == 200)
            #expect(form.header("Content-Type") == "text/html; charset=utf-8")
            let policy = try #require(form.header("Content-Security-Policy"))
            #expect(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"))
            #expect(!policy.contains("unsafe-inline"))
            #expect(form.header("X-Content-Type-Options") == "nosniff")
            #expect(form.text.contains("<label for=\"password\">"))

            let signedIn = try await client.signIn("ann", password: try server.password(for: "ann"))
            #expect(signedIn.status == 303)
            #expect(signedIn.header("Location") == "/")
            let cookie = try #require(signedIn.header("Set-Cookie"))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))

            let home = try await client.get("/")
            #expect(home.status == 200)
            #expect(home.text.contains("href=\"/cases/C-1\""))
            #expect(!home.text.contains("H-1"))
            #expect(home.text.contains("Your cases"))
        }
    }

    @Test func aWrongPasswordIsShownOnTheFormAndSetsNoCookie() async throws {
        try await ServerHarness.run { server in
            try server.password(for: "ann")
            let client = PageClient(server.base)
            let page = try await client.signIn("ann", password: "not the password")
            #expect(page.status == 401)
            #expect(page.text.contains("There is a problem"))
            #expect(page.text.contains("<title>Error: sign in"))
            #expect(page.header("Set-Cookie") == nil)
            #expect(client.session == nil)
            let blank = try await client.post("/sign-in", [("actor", ""), ("password", "")])
            #expect(blank.status == 400)
            #expect(blank.text.contains("href=\"#actor\">Enter your user name"))
            #expect(blank.text.contains("href=\"#password\">Enter your password"))
        }
    }

    @Test func afterSigningInThePersonReturnsOnlyToAPageOfThisSite() async throws {
        try await ServerHarness.run { server in
            try server.openCase("C-1")
            let password = try server.password(for: "ann")
            let away = try await PageClient(server.base).get("/cases/C-1")
            #expect(away.status == 303)
            #expect(away.header("Location") == "/sign-in?next=%2Fcases%2FC-1")
            let back = try await PageClient(server.base).post(
                "/sign-in", [("actor", "ann"), ("password", password), ("next", "/cases/C-1")])
            #expect(back.header("Location") == "/cases/C-1")
            for hostile in ["//evil.example/", "https://evil.example/", "/\\evil.example"] {
                let page = try await PageClient(server.base).post(
                    "/sign-in", [("actor", "ann"), ("password", password), ("next", hostile)])
                #expect(page.header("Location") == "/", "\(hostile)")
            }
        }
    }

    @Test func anotherOrganisationsCaseIsTheSameNotFoundAsAMissingOne() async throws {
        try await ServerHarness.run { server in
            try server.openCase("H-1", organisation: "hillside")
            let ann = try await server.signedIn("ann")
            let theirs = try await ann.get("/cases/H-1")
            let missing = try await ann.get("/cases/H-2")
            #expect(theirs.status == 404)
            #expect(missing.status == 404)
            #expect(theirs.text == missing.text)
            #expect(!theirs.text.contains("hillside") && !theirs.text.contains("H-1"))
            let guessed = try await ann.post(
                "/cases/H-1/events",
                [("csrf", try #require(try await ann.get("/").hidden("csrf"))), ("event", "case.withdraw")])
            #expect(guessed.status == 404)
            #expect(try server.desk.view("H-1", as: "sec").state.status == "draft")
        }
    }

    @Test func aFormWithoutTheSessionsTokenOrFromAnotherSiteChangesNothing() async throws {
        try await ServerHarness.run { server in
            try server.openCase("C-1")
            let ann = try await server.signedIn("ann")
            let page = try await ann.get("/cases/C-1")
            #expect(page.status == 200)
            let csrf = try #require(page.hidden("csrf"))
            #expect(page.text.contains("value=\"application.submit\""))

            let forged = try await ann.post("/cases/C-1/events", [("csrf", "forged"), ("event", "application.submit")])
            #expect(forged.status == 403)
            #expect(forged.text.contains("This form has expired"))
            let bare = try await ann.post("/cases/C-1/events", [("event", "application.submit")])
            #expect(bare.status == 403)

            ann.extraHeaders = ["Origin": "http://evil.example"]
            let fromElsewhere = try await ann.post(
                "/cases/C-1/events", [("csrf", csrf), ("event", "application.submit")])
            #expect(fromElsewhere.status == 403)
            ann.extraHeaders = ["Sec-Fetch-Site": "cross-site"]
            let fetched = try await ann.post("/cases/C-1/events", [("csrf", csrf), ("event", "application.submit")])
            #expect(fetched.status == 403)
            #expect(try server.desk.view("C-1", as: "sec").state.status == "draft")

            let before = try server.desk.view("C-1", as: "sec").head.version
            ann.extraHeaders = ["Sec-Fetch-Site": "same-origin", "Origin": server.base.absoluteString]
            let request = try #require(page.hidden("request"))
            let sent = try await ann.post(
                "/cases/C-1/events", [("csrf", csrf), ("request", request), ("event", "application.submit")])
            #expect(sent.status == 303)
            #expect(sent.header("Location") == "/cases/C-1?notice=sent")
            // The same form sent twice (a double click) applies once.
            let again = try await ann.post(
                "/cases/C-1/events", [("csrf", csrf), ("request", request), ("event", "application.submit")])
            #expect(again.status == 303)
            let open = try server.desk.view("C-1", as: "sec")
            #expect(open.state.status == "submitted")
            #expect(open.head.version == before + 1)
            let shown = try await ann.get("/cases/C-1?notice=sent")
            #expect(shown.text.contains("Done. The case has been updated."))
        }
    }

    @Test func aRefusedEventIsShownOnTheCasePageWithTheRule() async throws {
        try await ServerHarness.run { server in
            try server.openCase("C-1")
            let ann = try await server.signedIn("ann")
            let csrf = try #require(try await ann.get("/cases/C-1").hidden("csrf"))
            // Not an event ann may send from here: the workflow refuses it, and the page says so.
            let refused = try await ann.post("/cases/C-1/events", [("csrf", csrf), ("event", "application.accept")])
            #expect([403, 422].contains(refused.status))
            #expect(refused.text.contains("application.accept") || refused.text.contains("rule"))
            #expect(try server.desk.view("C-1", as: "sec").state.status == "draft")
        }
    }

    @Test func storedMarkupIsShownAsInertText() async throws {
        try await ServerHarness.run { server in
            // A quote or bracket followed by a combining mark is one character in Swift: escaping that compares
            // characters lets it through, and the quote would end an attribute.
            let payload =
                "<script>alert(1)</script>\"><img src=x onerror=alert(2)>'\"\u{0301} autofocus x=\"<\u{0338}b>"
            try server.desk.directory.add(
                Actor(id: "mal", name: payload, roles: ["applicant"], organisation: "riverside", databaseLogin: nil))
            let ids = try server.openCaseForReview("C-1", applicant: "mal") { payload + $0 + ".pdf" }
            try server.desk.reviewEvidence(
                "C-1", evidence: try #require(ids["SL-1.1"]), accept: false, reason: payload, by: "alice")
            let mal = try await server.signedIn("mal")
            for path in ["/", "/cases/C-1"] {
                let page = try await mal.get(path)
                #expect(page.status == 200)
                #expect(!page.text.contains("<script>alert"), "\(path)")
                #expect(!page.text.contains("<img src=x"), "\(path)")
                #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x"), "\(path)")
                #expect(page.text.contains("&quot;\u{0301} autofocus x=&quot;&lt;\u{0338}b&gt;"), "\(path)")
                #expect(!page.text.contains("\"\u{0301}") && !page.text.contains("<\u{0338}"), "\(path)")
            }
        }
    }

    @Test func signingOutEndsTheSessionEverywhere() async throws {
        try await ServerHarness.run { server in
            let ann = try await server.signedIn("ann")
            let cookie = try #require(ann.session)
            let csrf = try #require(try await ann.get("/").hidden("csrf"))
            let out = try await ann.post("/sign-out", [("csrf", csrf)])
            #expect(out.status == 303)
            #expect(out.header("Location") == "/sign-in?notice=signed-out")
            #expect(ann.session == nil)
            let replayed = PageClient(server.base)
            replayed.session = cookie
            let page = try await replayed.get("/cases/C-1")
            #expect(page.status == 303)
            #expect(page.header("Location")?.hasPrefix("/sign-in") == true)
        }
    }

    @Test func pagesThatDoNotExistAreHTMLWhileTheAPIStaysJSON() async throws {
        try await ServerHarness.run { server in
            let client = PageClient(server.base)
            let page = try await client.get("/no/such/page")
            #expect(page.status == 404)
            #expect(page.header("Content-Type") == "text/html; charset=utf-8")
            #expect(page.text.contains("Page not found"))
            let api = try await client.get("/api/v1/no-such-route")
            #expect(api.status == 404)
            #expect(api.header("Content-Type") == "application/problem+json")
            let css = try await client.get("/assets/portal.css")
            #expect(css.status == 200)
            #expect(css.header("Content-Type") == "text/css; charset=utf-8")
        }
    }

    @Test func behindTLSPagesAskForStrictTransportSecurity() async throws {
        // swift-format-ignore: OnlyOneTrailingClosureArgument
        try await ServerHarness.run(configure: { $0.secureCookies = true }) { server in
            let page = try await PageClient(server.base, cookieName: "__Host-accredit_session").get("/sign-in")
            #expect(page.header("Strict-Transport-Security") == "max-age=31536000")
        }
    }
}

import AccreditServer
import CaseService
import EvidenceStore
import Foundation
import Statecharts
import Testing

/// The secretariat's pages: organisations, people (added with roles, invited), conflicts, deadlines, the report and
/// publishing definitions with their validation findings; and the same pages refused to those who may not use them.
@Suite(.serialized) struct PortalSecretariatTests {
    @Test func theSecretariatRegistersAnOrganisationAddsAPersonAndInvitesThem() async throws {
        try await ServerHarness.run { server in
            let sec = try await server.signedIn("sec")
            let page = try await sec.get("/organisations")
            #expect(page.status == 200)
            #expect(page.text.contains("Riverside NHS Foundation Trust"))
            let csrf = try #require(page.hidden("csrf"))
            let missing = try await sec.post("/organisations", [("csrf", csrf), ("id", "vale")])
            #expect(missing.status == 400)
            #expect(missing.text.contains("href=\"#org-name\">Enter its name"))
            let registered = try await sec.post(
                "/organisations", [("csrf", csrf), ("id", "vale"), ("name", "Vale Care Home"), ("ods", "VC1")])
            #expect(registered.status == 303)
            #expect(registered.header("Location") == "/organisations/vale?notice=registered")
            let shown = try await sec.get("/organisations/vale")
            #expect(shown.text.contains("Vale Care Home") && shown.text.contains("VC1"))
            let again = try await sec.post("/organisations", [("csrf", csrf), ("id", "vale"), ("name", "Other")])
            #expect(again.status == 409 || again.status == 422)
            #expect(again.text.contains("There is a problem"))

            let people = try await sec.get("/people")
            #expect(people.text.contains("value=\"applicant\"") && people.text.contains("value=\"assessor\""))
            // Someone without an organisation has none shown (an absent value once rendered as "nil").
            #expect(!people.text.contains("nil<"))
            #expect(!(try await sec.get("/account")).text.contains("nil<"))
            let noRoles = try await sec.post("/people", [("csrf", csrf), ("id", "vic"), ("name", "Vic")])
            #expect(noRoles.status == 400)
            #expect(noRoles.text.contains("Choose at least one role"))
            let unbound = try await sec.post(
                "/people", [("csrf", csrf), ("id", "vic"), ("name", "Vic"), ("roles", "applicant")])
            #expect(unbound.status == 403)
            #expect(unbound.text.contains("href=\"#person-id\""))
            #expect(unbound.text.contains("organisation"))
            let added = try await sec.post(
                "/people",
                [
                    ("csrf", csrf), ("id", "vic"), ("name", "Vic Vale"), ("roles", "applicant"),
                    ("organisation", "vale"),
                ])
            #expect(added.status == 303)
            #expect(try server.desk.directory.actor("vic").organisation == "vale")
            let invited = try await sec.post("/people/vic/invitation", [("csrf", csrf)])
            #expect(invited.status == 201)
            let link = try #require(
                invited.text.range(of: "id=\"invitation-link\">").map {
                    String(invited.text[$0.upperBound...].prefix { $0 != "<" })
                })
            #expect(link.hasPrefix("/invitation?code=inv_"))
            let vic = PageClient(server.base)
            let form = try await vic.get(link)
            let code = String(link.dropFirst("/invitation?code=".count))
            #expect(form.text.contains("value=\"\(code)\""))
            let set = try await vic.post(
                "/invitation",
                [("code", code), ("password", "vale care home phrase"), ("confirm", "vale care home phrase")])
            #expect(set.status == 200)
            #expect(try await vic.signIn("vic", password: "vale care home phrase").status == 303)
            // An organisation's person may be invited again (a forgotten password); a staff member who has a
            // password may not: that would hand their account to the inviter.
            #expect(try await sec.post("/people/vic/invitation", [("csrf", csrf)]).status == 201)
            try server.password(for: "dana")
            let takeover = try await sec.post("/people/dana/invitation", [("csrf", csrf)])
            #expect(takeover.status == 403)
            #expect(takeover.text.contains("operator"))
            #expect(!takeover.text.contains("invitation-link"))
            // Nor a staff member who only has a token, or whose first invitation is still pending.
            _ = try server.token(for: "carl")
            #expect(try await sec.post("/people/carl/invitation", [("csrf", csrf)]).status == 403)
            #expect(try await sec.post("/people/lee/invitation", [("csrf", csrf)]).status == 201)
            #expect(try await sec.post("/people/lee/invitation", [("csrf", csrf)]).status == 403)
            // Vic acts for Vale: the directory shows Vale and its people only.
            let own = try await vic.get("/organisations")
            #expect(own.text.contains("Vale Care Home") && !own.text.contains("Riverside"))
            let directory = try await vic.get("/people")
            #expect(!directory.text.contains(">sec<") && !directory.text.contains(">ann<"))
            #expect(!directory.text.contains("Add a person"))
        }
    }

    @Test func conflictsAreDeclaredByAdministratorsForAnyoneAndByStaffForThemselves() async throws {
        try await ServerHarness.run { server in
            let sec = try await server.signedIn("sec")
            let page = try await sec.get("/conflicts")
            #expect(page.text.contains("No conflict has been declared"))
            let csrf = try #require(page.hidden("csrf"))
            let noDay = try await sec.post(
                "/conflicts", [("csrf", csrf), ("actor", "alice"), ("organisation", "riverside"), ("reason", "x")])
            #expect(noDay.status == 400)
            #expect(noDay.text.contains("href=\"#conflict-from\""))
            let badDay = try await sec.post(
                "/conflicts",
                [
                    ("csrf", csrf), ("actor", "alice"), ("organisation", "riverside"), ("from", "last week"),
                    ("reason", "x"),
                ])
            #expect(badDay.status == 422)
            let declared = try await sec.post(
                "/conflicts",
                [
                    ("csrf", csrf), ("actor", "alice"), ("organisation", "riverside"), ("from", "2024-01-01"),
                    ("reason", "Worked there until 2023"),
                ])
            #expect(declared.status == 303)
            let listed = try await sec.get("/organisations/riverside")
            #expect(listed.text.contains("Worked there until 2023"))
            // An assessor declares their own, and may not declare one for someone else.
            let carl = try await server.signedIn("carl")
            let own = try await carl.get("/conflicts")
            #expect(!own.text.contains("id=\"conflict-actor\""))
            let carlCSRF = try #require(own.hidden("csrf"))
            let forOther = try await carl.post(
                "/conflicts",
                [
                    ("csrf", carlCSRF), ("actor", "alice"), ("organisation", "hillside"), ("from", "2024-01-01"),
                    ("reason", "x"),
                ])
            #expect(forOther.status == 403)
            #expect(forOther.text.contains("access.conflict-declaration"))
            let mine = try await carl.post(
                "/conflicts",
                [
                    ("csrf", carlCSRF), ("actor", "carl"), ("organisation", "hillside"), ("from", "2024-01-01"),
                    ("reason", "Sister works there"),
                ])
            #expect(mine.status == 303)
            #expect(try server.desk.directory.conflicts(organisation: "hillside").map(\.actor) == ["carl"])
            // Someone who acts for an organisation declares none (they are never conflict-checked).
            let ann = try await server.signedIn("ann")
            let annCSRF = try #require(try await ann.get("/").hidden("csrf"))
            let fromApplicant = try await ann.post(
                "/conflicts",
                [
                    ("csrf", annCSRF), ("actor", "ann"), ("organisation", "hillside"), ("from", "2024-01-01"),
                    ("reason", "noise"),
                ])
            #expect(fromApplicant.status == 403)
            #expect(try server.desk.directory.conflicts(organisation: "hillside").map(\.actor) == ["carl"])
        }
    }

    @Test func deadlinesAndTheReportListTheCases() async throws {
        try await ServerHarness.run { server in
            try server.desk.changeSetting(.sandbox, by: "sec")
            try server.openCaseForEvidence("c-1")
            let sec = try await server.signedIn("sec")
            let deadlines = try await sec.get("/deadlines?within=400")
            #expect(deadlines.status == 200)
            #expect(deadlines.text.contains("href=\"/cases/c-1\""))
            #expect(deadlines.text.contains("Deadline evidence"))
            #expect(try await sec.get("/deadlines?within=soon").status == 422)
            // Past the evidence deadline it is overdue, and the secretariat delivers it.
            try server.desk.changeSetting(.clock(simulated: try server.desk.now().adding(years: 3)), by: "sec")
            let overdue = try await sec.get("/deadlines")
            #expect(overdue.text.contains("tag tag-red"))
            let csrf = try #require(overdue.hidden("csrf"))
            let delivered = try await sec.post("/deadlines/deliver", [("csrf", csrf)])
            #expect(delivered.status == 200)
            #expect(delivered.text.contains("Due deadlines delivered"))
            #expect(delivered.text.contains("<li><a href=\"/cases/c-1\">c-1</a>: Deadline evidence</li>"))
            let report = try await sec.get("/report")
            #expect(report.status == 200)
            #expect(report.text.contains("All cases"))
            // An assessor sees deadlines but may neither deliver them nor read the report.
            let alice = try await server.signedIn("alice")
            #expect(!(try await alice.get("/deadlines")).text.contains("Deliver the due deadlines"))
            let refused = try await alice.get("/report")
            #expect(refused.status == 403)
            #expect(refused.text.contains("access.cases.report"))
        }
    }

    @Test func publishingShowsEachValidationFindingAndThenPublishes() async throws {
        try await ServerHarness.run { server in
            let sec = try await server.signedIn("sec")
            let page = try await sec.get("/definitions")
            #expect(page.text.contains("patient-safety-accreditation"))
            let csrf = try #require(page.hidden("csrf"))
            let broken = Data(
                """
                <scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" initial="nowhere" name="broken">
                  <state id="a"><transition event="go" target="missing"/></state>
                </scxml>
                """.utf8)
            let refused = try await sec.postMultipart(
                "/definitions", [("csrf", csrf), ("kind", "workflow")], files: [("source", "broken.scxml", broken)])
            #expect(refused.status == 422)
            #expect(refused.text.contains("id=\"findings\""))
            #expect(refused.text.contains("broken.scxml line 2"))
            #expect(refused.text.contains("missing"))
            let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let framework = try Data(
                contentsOf: repository.appendingPathComponent("Definitions/frameworks/patient-safety-standards-v2.xml"))
            let published = try await sec.postMultipart(
                "/definitions", [("csrf", csrf), ("kind", "framework")],
                files: [("source", "patient-safety-standards-v2.xml", framework)])
            #expect(published.status == 201)
            #expect(published.text.contains("Published patient-safety-standards version 2"))
            let repeated = try await sec.postMultipart(
                "/definitions", [("csrf", csrf), ("kind", "framework")],
                files: [("source", "patient-safety-standards-v2.xml", framework)])
            #expect(repeated.status == 200)
            #expect(repeated.text.contains("already published with exactly this content"))
            // Without the session's token, or from someone who may not publish, nothing is published.
            let forged = try await sec.postMultipart(
                "/definitions", [("csrf", "forged"), ("kind", "workflow")], files: [("source", "x.scxml", broken)])
            #expect(forged.status == 403)
            let alice = try await server.signedIn("alice")
            let aliceCSRF = try #require(try await alice.get("/").hidden("csrf"))
            let notHers = try await alice.postMultipart(
                "/definitions", [("csrf", aliceCSRF), ("kind", "framework")],
                files: [("source", "f.xml", framework)])
            #expect(notHers.status == 403)
            #expect(notHers.header("Connection")?.lowercased() == "close")
            // Someone not signed in is asked to sign in before the body is read.
            let stranger = PageClient(server.base)
            let anonymous = try await stranger.postMultipart(
                "/definitions", [("kind", "framework")], files: [("source", "f.xml", framework)])
            #expect(anonymous.status == 401 || anonymous.status == 303)
        }
    }

    @Test func anApplicantIsRefusedTheSecretariatsPages() async throws {
        try await ServerHarness.run { server in
            let ann = try await server.signedIn("ann")
            let home = try await ann.get("/")
            #expect(!home.text.contains("href=\"/people\"") && !home.text.contains("href=\"/definitions\""))
            let csrf = try #require(home.hidden("csrf"))
            for path in ["/conflicts", "/report", "/definitions", "/audit"] {
                let page = try await ann.get(path)
                #expect(page.status == 403, "\(path)")
            }
            let hillside = try await ann.get("/organisations/hillside")
            #expect(hillside.status == 403)
            #expect(!hillside.text.contains("Hillside Hospital"))
            #expect(try await ann.get("/organisations/no-such-one").status == 403)
            let register = try await ann.post("/organisations", [("csrf", csrf), ("id", "x"), ("name", "X")])
            #expect(register.status == 403)
            let person = try await ann.post(
                "/people", [("csrf", csrf), ("id", "x"), ("name", "X"), ("roles", "secretariat")])
            #expect(person.status == 403)
            let invite = try await ann.post("/people/hal/invitation", [("csrf", csrf)])
            #expect(invite.status == 403 || invite.status == 404)
            #expect(try server.desk.directory.actors().contains { $0.id == "x" } == false)
        }
    }
}

/// Script and markup stored in every field the secretariat's and auditor's pages show render as inert text.
@Suite(.serialized) struct PortalStoredMarkupTests {
    static let payload = "<script>alert(1)</script>\"'\u{0301}><img src=x onerror=alert(2)>"

    @Test func everyDirectoryFieldAndNoteRendersInert() async throws {
        try await ServerHarness.run { server in
            try server.desk.directory.register(
                Organisation(id: "evil", name: Self.payload, odsCode: nil))
            try server.desk.directory.add(
                Actor(id: "eve", name: Self.payload, roles: ["assessor"], organisation: nil, databaseLogin: nil))
            try server.desk.declareConflict(
                ConflictDeclaration(
                    actor: "eve", organisation: "evil", from: .epoch, until: nil, reason: Self.payload),
                by: "sec")
            try server.openCase("c-1")
            _ = try server.desk.fire(
                "c-1", event: "application.submit", data: ["note": .string(Self.payload)], by: "ann")
            let sec = try await server.signedIn("sec")
            for path in [
                "/organisations", "/organisations/evil", "/people", "/conflicts", "/cases/c-1",
                "/cases/c-1/history",
            ] {
                let page = try await sec.get(path)
                #expect(page.status == 200, "\(path)")
                #expect(!page.text.contains("<script>alert") && !page.text.contains("<img src=x"), "\(path)")
                #expect(!page.text.contains("\"'\u{0301}"), "\(path)")
                // (The history shows the note inside the event's JSON, where the quote is escaped for JSON first.)
                let escaped =
                    path.hasSuffix("/history")
                    ? "&lt;script&gt;alert(1)&lt;/script&gt;\\&quot;&#39;"
                    : "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;"
                #expect(page.text.contains(escaped + "\u{0301}&gt;"), "\(path)")
            }
        }
    }
}

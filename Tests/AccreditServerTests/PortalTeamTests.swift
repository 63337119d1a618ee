import AccreditEngine
import AccreditServer
import CaseService
import EvidenceStore
import Foundation
import ServiceTestSupport
import Statecharts
import Testing

/// The assessment team on the case page and the training records page: the secretariat assigns and releases from
/// the page, a conflicted or untrained person is refused with the rule's words, the organisation sees the team but
/// no form, and an assessor not on the team finds no case.
@Suite(.serialized) struct PortalTeamTests {
    @Test func theSecretariatAssignsAndReleasesFromTheCasePage() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForEvidence("c-1")
            try server.desk.directory.add(
                Actor(id: "nia@body", name: "Nia", roles: ["assessor"], organisation: nil, databaseLogin: nil))
            try server.desk.directory.declare(
                ConflictDeclaration(
                    actor: "carl", organisation: "riverside", from: DeskFixtures.start.adding(years: -1), until: nil,
                    reason: "advised the board"))
            let sec = try await server.signedIn("sec")
            let page = try await sec.get("/cases/c-1")
            #expect(page.text.contains("id=\"team\""))
            #expect(page.text.contains("<strong>lee</strong> <span class=\"tag tag-blue\">Lead</span>"))
            // Lee leads already: no second lead is offered.
            #expect(!page.text.contains("id=\"team-lead\""))
            #expect(page.text.contains("<option value=\"carl\""))
            #expect(!page.text.contains("<option value=\"alice\""))
            let csrf = try #require(page.hidden("csrf"))
            let conflicted = try await sec.post(
                "/cases/c-1/team", [("csrf", csrf), ("request", "t-1"), ("person", "carl"), ("position", "member")])
            #expect(conflicted.status == 422)
            #expect(conflicted.text.contains("href=\"#team-person\""))
            #expect(conflicted.text.contains("advised the board"))
            let untrained = try await sec.post(
                "/cases/c-1/team", [("csrf", csrf), ("request", "t-2"), ("person", "nia@body")])
            #expect(untrained.status == 422)
            #expect(untrained.text.contains("no current competence record"))
            // Training recorded on the training page, then assigned for two foundations.
            let training = try await sec.get("/competences")
            #expect(training.text.contains("Record the training"))
            let recorded = try await sec.post(
                "/competences",
                [
                    ("csrf", csrf), ("actor", "nia@body"), ("framework", "patient-safety-standards"),
                    ("foundations", "SL, LD"), ("trained", "2025-01-10"), ("until", "2030-01-09"),
                ])
            #expect(recorded.status == 303)
            let assigned = try await sec.post(
                "/cases/c-1/team",
                [
                    ("csrf", csrf), ("request", "t-3"), ("person", "nia@body"), ("foundation", "SL"),
                    ("foundation", "LD"),
                ])
            #expect(assigned.status == 303, "\(assigned.text.prefix(400))")
            let member = try #require(try server.desk.load("c-1").state.record.team["nia@body"])
            #expect(member.position == .member && member.foundations == ["SL", "LD"])
            // The organisation sees the team, not the forms; released with a reason, Nia is gone.
            let ann = try await server.signedIn("ann")
            let annPage = try await ann.get("/cases/c-1")
            #expect(annPage.text.contains("<strong>nia@body</strong>"))
            #expect(!annPage.text.contains("action=\"/cases/c-1/team\""))
            let shown = try await sec.get("/cases/c-1")
            #expect(shown.text.contains("action=\"/cases/c-1/team/nia@body/release\""))
            let released = try await sec.post(
                "/cases/c-1/team/nia@body/release", [("csrf", csrf), ("request", "t-4-0"), ("reason", "Leave")])
            #expect(released.status == 303, "\(released.text.prefix(400))")
            #expect(try server.desk.load("c-1").state.record.team["nia@body"] == nil)
        }
    }

    @Test func anAssessorOffTheTeamFindsNoCase() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForEvidence("c-1")
            let carl = try await server.signedIn("carl")
            #expect(try await carl.get("/cases/c-1").status == 404)
            #expect(!(try await carl.get("/").text.contains("c-1")))
            let alice = try await server.signedIn("alice")
            #expect(try await alice.get("/cases/c-1").status == 200)
            // Training records are personal: Carl reads his own only, and may not record any.
            let records = try await carl.get("/competences")
            #expect(records.text.contains("<td>carl</td>") && !records.text.contains("<td>alice</td>"))
            #expect(!records.text.contains("Record the training"))
        }
    }
}

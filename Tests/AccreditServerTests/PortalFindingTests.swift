import AccreditEngine
import AccreditServer
import CaseService
import EvidenceStore
import Foundation
import Statecharts
import Testing

/// Findings on the case page: raising one, the organisation's corrective action, reopening and closing; and the
/// attacks: an organisation raising or closing its own findings, another organisation answering them, a form
/// without its CSRF token, and a time to respond longer than the severity allows.
@Suite(.serialized) struct PortalFindingTests {
    @Test func aFindingIsRaisedAnsweredReopenedAnsweredAndClosedFromTheCasePage() async throws {
        try await ServerHarness.run { server in
            try PortalNoteTests.atFindings(server, "c-1")
            let lee = try await server.signedIn("lee")
            let page = try await lee.get("/cases/c-1")
            #expect(page.text.contains("id=\"finding-F-1\""))
            #expect(page.text.contains("Major nonconformity"))
            #expect(page.text.contains("Minor nonconformity (respond within 6 months)"))
            // What the award rules give, with the rule: an open major refuses.
            #expect(page.text.contains("<strong>Not accredited</strong>, by rule <code>major-finding-open</code>."))
            let csrf = try #require(page.hidden("csrf"))
            let tooLong = try await lee.post(
                "/cases/c-1/findings",
                [
                    ("csrf", csrf), ("request", "r-raise"), ("criterion", "LD-3.1"), ("severity", "minor"),
                    ("statement", "Walkround issues have <b>no</b> actions"), ("within", "P1Y"),
                ])
            #expect(tooLong.status == 422)
            #expect(tooLong.text.contains("href=\"#finding-statement\">Give less time to respond"))
            #expect(tooLong.text.contains("at most 6 months for this severity"))
            #expect(tooLong.text.contains("Walkround issues have &lt;b&gt;no&lt;/b&gt; actions</textarea>"))
            #expect(tooLong.text.contains("<option value=\"minor\" selected>"))
            #expect(try server.desk.load("c-1").state.record.findings.count == 1)
            let raised = try await lee.post(
                "/cases/c-1/findings",
                [
                    ("csrf", csrf), ("request", "r-raise-2"), ("criterion", "LD-3.1"), ("severity", "minor"),
                    ("statement", "Walkround issues have no actions"), ("evidence", "E-3, E-4"),
                ])
            #expect(raised.status == 303)
            let minor = try #require(try server.desk.load("c-1").state.record.findings["F-2"])
            #expect(minor.severity == "minor" && minor.evidence == ["E-3", "E-4"] && minor.raisedBy == "lee")

            let ann = try await server.signedIn("ann")
            let annPage = try await ann.get("/cases/c-1")
            #expect(annPage.text.contains("Walkround issues have no actions"))
            #expect(!annPage.text.contains("action=\"/cases/c-1/findings\""))
            let annCSRF = try #require(annPage.hidden("csrf"))
            let answer = [("csrf", annCSRF), ("request", "r-answer"), ("response", "Actions now logged")]
            #expect(try await ann.post("/cases/c-1/findings/F-2/response", answer).status == 303)
            #expect(try server.desk.load("c-1").state.record.findings["F-2"]?.status == .responded)
            #expect(try await lee.get("/cases/c-1").text.contains("Actions now logged"))

            let reopened = try await lee.post(
                "/cases/c-1/findings/F-2/reopening",
                [("csrf", csrf), ("request", "r-reopen"), ("reason", "Only one ward"), ("within", "P30D")])
            #expect(reopened.status == 303)
            let again = try #require(try server.desk.load("c-1").state.record.findings["F-2"])
            #expect(again.status == .open)
            let answerAgain = [("csrf", annCSRF), ("request", "r-answer-2"), ("response", "Every ward now")]
            #expect(try await ann.post("/cases/c-1/findings/F-2/response", answerAgain).status == 303)
            let closed = try await lee.post(
                "/cases/c-1/findings/F-2/closure", [("csrf", csrf), ("request", "r-close"), ("note", "Seen")])
            #expect(closed.status == 303)
            let done = try #require(try server.desk.load("c-1").state.record.findings["F-2"])
            #expect(done.status == .closed && done.responses == 2)
            #expect(try await lee.get("/cases/c-1").text.contains("Closed"))
        }
    }

    @Test func organisationsCannotRaiseOrCloseFindingsNorAnswerAnotherOrganisations() async throws {
        try await ServerHarness.run { server in
            try PortalNoteTests.atFindings(server, "c-1")
            let ann = try await server.signedIn("ann")
            let csrf = try #require(try await ann.get("/cases/c-1").hidden("csrf"))
            let raised = try await ann.post(
                "/cases/c-1/findings",
                [("csrf", csrf), ("criterion", "SL-1.1"), ("severity", "observation"), ("statement", "All fine")])
            #expect(raised.status == 403)
            _ = try await ann.post(
                "/cases/c-1/findings/F-1/response", [("csrf", csrf), ("response", "Specialist appointed")])
            let closed = try await ann.post("/cases/c-1/findings/F-1/closure", [("csrf", csrf)])
            #expect(closed.status == 403)
            #expect(try server.desk.load("c-1").state.record.findings["F-1"]?.status == .responded)

            let hal = try await server.signedIn("hal")
            let halCSRF = try #require(try await hal.get("/").hidden("csrf"))
            let other = try await hal.post(
                "/cases/c-1/findings/F-1/response", [("csrf", halCSRF), ("response", "We fixed it")])
            #expect(other.status == 404)
            #expect(!other.text.contains("riverside"))
            let forged = try await ann.post(
                "/cases/c-1/findings", [("criterion", "SL-1.1"), ("severity", "major"), ("statement", "x")])
            #expect(forged.status == 403)
            #expect(try server.desk.load("c-1").state.record.findings.count == 1)
        }
    }
}

import AccreditEngine
import AccreditServer
import CaseService
import EvidenceStore
import Foundation
import ServiceTestSupport
import Statecharts
import Testing

/// Appeals on the case page: the organisation appeals a refusal within its time, the secretariat appoints a panel of
/// decision makers who took no part in the case (the decision maker is neither offered nor accepted), a panel member
/// records the resolution, and everyone who reads the case sees the appeal.
@Suite(.serialized) struct PortalAppealTests {
    @Test func aRefusalIsAppealedHeardAndResolvedFromTheCasePage() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForDecision("c-1")
            _ = try server.desk.fire(
                "c-1", event: "decision.record",
                data: ["outcome": "not-accredited", "justification": "unsafe staffing seen at the visit"], by: "dana")
            for id in ["pat", "quinn", "rosa"] {
                try server.desk.directory.add(
                    Actor(id: id, name: "Panel \(id)", roles: ["decision-maker"], organisation: nil, databaseLogin: nil)
                )
            }
            let ann = try await server.signedIn("ann")
            let page = try await ann.get("/cases/c-1")
            #expect(page.text.contains("id=\"appeals\""))
            #expect(page.text.contains("Appeal the refusal"))
            #expect(page.text.contains("an appeal can be lodged until"))
            let csrf = try #require(page.hidden("csrf"))
            let empty = try await ann.post(
                "/cases/c-1/appeals", [("csrf", csrf), ("request", "a-1"), ("grounds", " ")])
            #expect(empty.status == 422)
            #expect(empty.text.contains("href=\"#appeal-grounds\""))
            #expect(empty.text.contains("Give the grounds of the appeal"))
            let lodged = try await ann.post(
                "/cases/c-1/appeals",
                [("csrf", csrf), ("request", "a-2"), ("grounds", "The rota shows safe staffing <script>")])
            #expect(lodged.status == 303, "\(lodged.text.prefix(400))")
            let heard = try await ann.get("/cases/c-1")
            #expect(heard.text.contains("The rota shows safe staffing &lt;script&gt;"))
            #expect(heard.text.contains("Being heard") && !heard.text.contains("Appeal the refusal"))
            #expect(!heard.text.contains("action=\"/cases/c-1/appeals/panel\""))

            // The secretariat is offered the independent decision makers only; Dana, who decided, is refused.
            let sec = try await server.signedIn("sec")
            let report = try await sec.get("/report")
            #expect(report.text.contains("<h2>Appeals past their date</h2>"))
            let secPage = try await sec.get("/cases/c-1")
            #expect(secPage.text.contains("id=\"panel-pat\"") && !secPage.text.contains("id=\"panel-dana\""))
            let secCSRF = try #require(secPage.hidden("csrf"))
            let involved = try await sec.post(
                "/cases/c-1/appeals/panel",
                [("csrf", secCSRF), ("request", "p-1"), ("member", "dana"), ("member", "pat"), ("member", "quinn")])
            #expect(involved.status == 422)
            #expect(involved.text.contains("cannot hear its appeal"))
            let appointed = try await sec.post(
                "/cases/c-1/appeals/panel",
                [("csrf", secCSRF), ("request", "p-2"), ("member", "pat"), ("member", "quinn"), ("member", "rosa")])
            #expect(appointed.status == 303, "\(appointed.text.prefix(400))")

            // Dana may not resolve it and sees no form; Pat records the resolution.
            let dana = try await server.signedIn("dana")
            #expect(!(try await dana.get("/cases/c-1").text.contains("action=\"/cases/c-1/appeals/resolution\"")))
            let pat = try await server.signedIn("pat")
            let patPage = try await pat.get("/cases/c-1")
            #expect(patPage.text.contains("action=\"/cases/c-1/appeals/resolution\""))
            #expect(patPage.text.contains("<option value=\"accredited\">"))
            let undecided = try await pat.post(
                "/cases/c-1/appeals/resolution",
                [("csrf", try #require(patPage.hidden("csrf"))), ("request", "r-0"), ("reasons", "no choice made")])
            #expect(undecided.status == 400 && undecided.text.contains("Choose whether the panel upholds or dismisses"))
            let patCSRF = try #require(patPage.hidden("csrf"))
            let upheld = try await pat.post(
                "/cases/c-1/appeals/resolution",
                [("csrf", patCSRF), ("request", "r-1"), ("outcome", "uphold"), ("reasons", "The rota is sound")])
            #expect(upheld.status == 303, "\(upheld.text.prefix(400))")
            let state = try server.desk.load("c-1").state
            #expect(state.status == "decision")
            #expect(state.record.appeals["A-1"]?.outcome == .upheld)
            let after = try await ann.get("/cases/c-1")
            #expect(
                after.text.contains("Upheld") && after.text.contains("The panel&#39;s reasons: The rota is sound")
                    || after.text.contains("The panel's reasons: The rota is sound"))
        }
    }
}

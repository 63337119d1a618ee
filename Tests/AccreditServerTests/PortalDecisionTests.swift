import AccreditEngine
import AccreditServer
import CaseService
import EvidenceStore
import Foundation
import Statecharts
import Testing

/// The decision page: the outcome the award rules give with its rule, a departure refused without a justification,
/// and a refusal page naming the rule for someone who took part in the evaluation.
@Suite(.serialized) struct PortalDecisionTests {
    @Test func theDecisionMakerSeesTheRulesOutcomeAndMustJustifyADeparture() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForDecision("C-1")
            let dana = try await server.signedIn("dana")
            let casePage = try await dana.get("/cases/C-1")
            #expect(casePage.text.contains("href=\"/cases/C-1/decision\""))
            let page = try await dana.get("/cases/C-1/decision")
            #expect(page.status == 200)
            #expect(page.text.contains("What the award rules give"))
            let outcome = try server.desk.view("C-1", as: "sec").assessment().decision
            #expect(page.text.contains(outcome.ruleID))
            let csrf = try #require(page.hidden("csrf"))
            let event = try #require(page.hidden("event"))
            let departing = outcome.outcome.rawValue == "not-accredited" ? "accredited" : "not-accredited"
            let unjustified = try await dana.post(
                "/cases/C-1/decision", [("csrf", csrf), ("event", event), ("outcome", departing)])
            #expect(unjustified.status == 400)
            #expect(unjustified.text.contains("href=\"#justification\">Give a justification"))
            #expect(try server.desk.view("C-1", as: "sec").state.status.contains("decision"))
            let decided = try await dana.post(
                "/cases/C-1/decision",
                [("csrf", csrf), ("request", "d-1"), ("event", event), ("outcome", outcome.outcome.rawValue)])
            #expect(decided.status == 303, "\(decided.text.prefix(500))")
            #expect(decided.header("Location") == "/cases/C-1?notice=decided")
            #expect(!(try server.desk.view("C-1", as: "sec").state.status.contains("decision")))
        }
    }

    @Test func someoneWhoEvaluatedIsToldTheRuleBeforeTheForm() async throws {
        try await ServerHarness.run { server in
            // eve assesses and sits on the decision panel: having rated this case, she may not decide it.
            try server.desk.directory.add(
                Actor(
                    id: "eve", name: "Eve", roles: ["assessor", "decision-maker"], organisation: nil, databaseLogin: nil
                ))
            try server.openCaseForDecision("C-1", rater: "eve")
            let ann = try await server.signedIn("ann")
            let organisation = try await ann.get("/cases/C-1/decision")
            #expect(!organisation.text.contains("What the award rules give"))
            let lee = try await server.signedIn("lee")
            let notTheirs = try await lee.get("/cases/C-1/decision")
            #expect(notTheirs.text.contains("no decision for you to record"))
            let eve = try await server.signedIn("eve")
            let refused = try await eve.get("/cases/C-1/decision")
            #expect(refused.status == 403)
            #expect(refused.text.contains("impartiality.decision-maker"))
            #expect(!refused.text.contains("Record the decision</button>"))
        }
    }
}

import AccreditAPI
import AccreditEngine
import AccreditServer
import CaseService
import EvidenceStore
import Foundation
import PostgresTestSupport
import ServiceTestSupport
import Statecharts
import Testing

/// A case's scope in the portal: the organisation declares it from the directory's services and proposes a
/// criterion not applicable, another organisation cannot, stored markup stays text, and the team reviews the
/// proposal on the case page.
@Suite(.serialized) struct PortalScopeTests {
    @Test func theOrganisationDeclaresItsScopeAndTheTeamReviewsAProposal() async throws {
        // swift-format-ignore: OnlyOneTrailingClosureArgument
        try await ServerHarness.run(configure: { $0.registerCacheSeconds = 0 }) { server in
            try server.openCase("C-5")
            try server.desk.recordSite(
                Site(organisation: "riverside", code: "high-st", name: "High Street Surgery", recordedBy: ""), by: "sec"
            )
            try server.desk.recordService(
                OrganisationService(
                    organisation: "riverside", code: "gp", site: "high-st", kind: "primary-care",
                    name: "General practice", recordedBy: ""), by: "sec")
            _ = try server.desk.fire(
                "C-5", event: "team.assign", data: ["person": "alice", "position": "lead"], by: "sec")

            let ann = try await server.signedIn("ann")
            let page = try await ann.get("/cases/C-5")
            #expect(page.text.contains("action=\"/cases/C-5/scope\"") && page.text.contains("General practice"))
            let csrf = try #require(page.hidden("csrf"))
            // Another organisation's person learns nothing of the case by posting to it.
            let hal = try await server.signedIn("hal")
            let elsewhere = try await hal.post(
                "/cases/C-5/scope", [("csrf", try #require(try await hal.get("/").hidden("csrf"))), ("service", "gp")])
            #expect(elsewhere.status == 404)
            let none = try await ann.post("/cases/C-5/scope", [("csrf", csrf), ("request", "s-0")])
            #expect(none.status == 422 && none.text.contains("Tick the services the case assesses"))
            let declared = try await ann.post(
                "/cases/C-5/scope", [("csrf", csrf), ("request", "s-1"), ("service", "gp")])
            #expect(declared.status == 303)
            let scoped = try await ann.get("/cases/C-5")
            #expect(scoped.text.contains("<strong>General practice</strong>"))
            // Only criteria the framework lets a surgery leave out are offered.
            #expect(
                scoped.text.contains("<option value=\"LD-1.2\"") && scoped.text.contains("<option value=\"DI-1.2\""))
            #expect(!scoped.text.contains("<option value=\"SL-1.1\""))
            let blank = try await ann.post(
                "/cases/C-5/scope/not-applicable",
                [("csrf", csrf), ("request", "n-0"), ("criterion", "LD-1.2"), ("justification", " ")])
            #expect(blank.status == 422 && blank.text.contains("Say why the criterion does not apply"))
            let never = try await ann.post(
                "/cases/C-5/scope/not-applicable",
                [("csrf", csrf), ("request", "n-1"), ("criterion", "SL-1.1"), ("justification", "x")])
            #expect(never.status == 422 && never.text.contains("cannot be found not applicable"))
            let proposed = try await ann.post(
                "/cases/C-5/scope/not-applicable",
                [
                    ("csrf", csrf), ("request", "n-2"), ("criterion", "LD-1.2"),
                    ("justification", "A partnership <script>alert(1)</script> with no board"),
                ])
            #expect(proposed.status == 303)
            let shown = try await ann.get("/cases/C-5")
            #expect(shown.text.contains("A partnership &lt;script&gt;alert(1)&lt;/script&gt; with no board"))
            #expect(!shown.text.contains("action=\"/cases/C-5/scope/not-applicable/LD-1.2/review\""))

            let alice = try await server.signedIn("alice")
            let review = try await alice.get("/cases/C-5")
            #expect(review.text.contains("action=\"/cases/C-5/scope/not-applicable/LD-1.2/review\""))
            let accepted = try await alice.post(
                "/cases/C-5/scope/not-applicable/LD-1.2/review",
                [
                    ("csrf", try #require(review.hidden("csrf"))), ("request", "r-1"), ("decision", "accept"),
                    ("reason", "Partnership deed seen"),
                ])
            #expect(accepted.status == 303)
            let after = try await ann.get("/cases/C-5")
            #expect(after.text.contains("accepted, left out") && after.text.contains("Partnership deed seen"))
            #expect(try server.desk.load("C-5").state.record.applicability["LD-1.2"]?.status == .accepted)

            // An award's page offers asking for a change of scope, and lists none of the change's steps as blocked.
            try server.openCaseForDecision("C-6")
            _ = try server.desk.fire("C-6", event: "decision.record", data: ["outcome": "accredited"], by: "dana")
            let awarded = try await ann.get("/cases/C-6")
            #expect(awarded.text.contains("action=\"/cases/C-6/scope/change\""))
            #expect(!awarded.text.contains("change of scope must be asked for"))
            let assessing = try await server.signedIn("lee")
            #expect(!(try await assessing.get("/cases/C-6")).text.contains("change of scope must be asked for"))
        }
    }
}

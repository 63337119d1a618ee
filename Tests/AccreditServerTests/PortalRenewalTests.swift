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

/// A renewal in the portal: the organisation applies from its award's page, which then says the award stays valid
/// while every criterion is assessed afresh; evidence of the first cycle is listed apart, with a form to reuse an
/// accepted item only where the framework allows it; another organisation cannot reuse, and a refusal is shown.
@Suite(.serialized) struct PortalRenewalTests {
    @Test func theOrganisationRenewsAndReusesOnlyWhatTheStandardsAllow() async throws {
        try await ServerHarness.run { server in
            try server.desk.changeSetting(.sandbox, by: "sec")
            try server.openCaseForDecision("C-6")
            // Each criterion's first item.
            let evidence = Dictionary(
                try server.desk.evidence(of: "C-6", for: "sec").map { ($0.criterionID, $0.evidenceID) },
                uniquingKeysWith: { first, _ in first })
            _ = try server.desk.fire("C-6", event: "decision.record", data: ["outcome": "accredited"], by: "dana")
            // Accepted during the award (the team verifies evidence there too).
            for criterion in ["LD-1.2", "SL-1.1"] {
                _ = try server.desk.reviewEvidence(
                    "C-6", evidence: evidence[criterion] ?? "", accept: true, reason: nil, by: "alice")
            }
            let certificate = try server.desk.certificate(for: "C-6")
            try server.desk.changeSetting(
                .clock(simulated: certificate.expiresAt.adding(months: -4)), by: "sec")
            _ = try server.desk.fire("C-6", event: "surveillance.complete", by: "lee")

            let ann = try await server.signedIn("ann")
            let awarded = try await ann.get("/cases/C-6")
            #expect(awarded.text.contains("value=\"renewal.apply\""))
            let applied = try await ann.post(
                "/cases/C-6/events",
                [("csrf", try #require(awarded.hidden("csrf"))), ("request", "renew-1"), ("event", "renewal.apply")])
            #expect(applied.status == 303)
            let renewing = try await ann.get("/cases/C-6")
            #expect(renewing.text.contains("2: a renewal, since"))
            #expect(renewing.text.contains("The current award stays valid until the renewal is"))
            #expect(try server.desk.certificate(for: "C-6") == certificate)

            for (event, actor) in [
                ("application.submit", "ann"), ("application.accept", "sec"), ("eligibility.confirm", "sec"),
                ("impartiality.confirm", "sec"),
            ] {
                _ = try server.desk.fire("C-6", event: event, by: actor)
            }
            let page = try await ann.get("/cases/C-6")
            let ld = evidence["LD-1.2"] ?? ""
            let sl = evidence["SL-1.1"] ?? ""
            // LD-1.2's accepted item may be reused; SL-1.1's, accepted too, may not (the standards ask for new).
            #expect(page.text.contains("action=\"/cases/C-6/evidence/\(ld)/reuse\""))
            #expect(!page.text.contains("action=\"/cases/C-6/evidence/\(sl)/reuse\""))
            #expect(page.text.contains("From earlier cycles"))
            // No reuse step listed as blocked among the actions: it is offered on the items.
            #expect(!page.text.contains("<strong>Evidence reuse</strong>"))
            let csrf = try #require(page.hidden("csrf"))
            let hal = try await server.signedIn("hal")
            let elsewhere = try await hal.post(
                "/cases/C-6/evidence/\(ld)/reuse",
                [("csrf", try #require(try await hal.get("/").hidden("csrf"))), ("request", "x")])
            #expect(elsewhere.status == 404)
            let refused = try await ann.post("/cases/C-6/evidence/\(sl)/reuse", [("csrf", csrf), ("request", "u-1")])
            #expect(refused.status == 422 && refused.text.contains("asks for new evidence"))
            let reused = try await ann.post("/cases/C-6/evidence/\(ld)/reuse", [("csrf", csrf), ("request", "u-2")])
            #expect(reused.status == 303)
            let after = try await ann.get("/cases/C-6")
            #expect(after.text.contains("Reused from an earlier cycle"))
            #expect(!after.text.contains("action=\"/cases/C-6/evidence/\(ld)/reuse\""))
            let record = try server.desk.load("C-6").state.record
            let copy = try #require(record.reuse(of: ld))
            #expect(record.evidence[copy]?.cycle == 2 && record.evidence[ld]?.status == "accepted")
            // The team sees which cycle each item belongs to.
            let alice = try await server.signedIn("alice")
            let shown = try await alice.get("/cases/C-6/evidence/\(copy)")
            #expect(shown.text.contains("<dd>2, reused from an earlier cycle</dd>"))
            let old = try await alice.get("/cases/C-6/evidence/\(evidence["SL-1.2"] ?? "")")
            #expect(old.status == 200 && old.text.contains("<dt>Assessment cycle</dt><dd>1</dd>"))
        }
    }
}

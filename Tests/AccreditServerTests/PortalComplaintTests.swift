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

/// Complaints and visits without notice in the portal: anyone complains about an accredited organisation through
/// the public form; the secretariat triages the complaint and plans a visit for cause; the organisation's page never
/// shows the plan, the team records the visit as held, and then the organisation reads it, without the
/// complainant's name.
@Suite(.serialized) struct PortalComplaintTests {
    @Test func aPublicComplaintLeadsToAVisitTheOrganisationSeesOnlyOnceHeld() async throws {
        try await TestFiles.withTemporaryDirectory { directory in
            // swift-format-ignore: OnlyOneTrailingClosureArgument
            try await ServerHarness.run(configure: {
                $0.registerCacheSeconds = 0
                $0.environment = APIEnvironment(home: directory + "/home", temporaryDirectory: directory)
            }) { server in
                _ = try server.desk.establishSigningKey(home: directory + "/home", by: "sec")
                try server.openCaseForDecision("C-1")
                _ = try server.desk.fire("C-1", event: "decision.record", data: ["outcome": "accredited"], by: "dana")

                // The public form offers the accredited organisation, and checks what it is given.
                let visitor = PageClient(server.base)
                let form = try await visitor.get("/complaints/new?organisation=riverside")
                #expect(form.status == 200)
                #expect(form.text.contains("<option value=\"riverside\" selected>Riverside NHS Foundation Trust"))
                let empty = try await visitor.post(
                    "/complaints/new", [("organisation", "riverside"), ("source", "public"), ("text", " ")])
                #expect(empty.status == 400 && empty.text.contains("href=\"#complaint-text\""))
                let elsewhere = try await visitor.post(
                    "/complaints/new", [("organisation", "hillside"), ("source", "public"), ("text", "x")])
                #expect(elsewhere.status == 400 && elsewhere.text.contains("Choose the organisation"))
                let received = try await visitor.post(
                    "/complaints/new",
                    [
                        ("organisation", "riverside"), ("source", "public"), ("complainant", "Jo Bloggs"),
                        ("contact", "jo@example.org"), ("text", "My father missed his medicines <b>twice</b>"),
                    ])
                #expect(received.status == 200 && received.text.contains("<strong>CMP-1</strong>"))
                #expect(try await visitor.get("/complaints").status == 303)

                // The secretariat triages it and plans the visit; the organisation cannot see the register.
                let sec = try await server.signedIn("sec")
                let list = try await sec.get("/complaints")
                #expect(list.text.contains("href=\"/complaints/CMP-1\""))
                let page = try await sec.get("/complaints/CMP-1")
                #expect(page.text.contains("My father missed his medicines &lt;b&gt;twice&lt;/b&gt;"))
                let csrf = try #require(page.hidden("csrf"))
                let blank = try await sec.post(
                    "/complaints/CMP-1/triage", [("csrf", csrf), ("decision", "for-cause-visit"), ("summary", "")])
                #expect(blank.status == 422 && blank.text.contains("never who made it"))
                let triaged = try await sec.post(
                    "/complaints/CMP-1/triage",
                    [("csrf", csrf), ("decision", "for-cause-visit"), ("summary", "Medicines omitted on a ward")])
                #expect(triaged.status == 303)
                let toPlan = try await sec.get("/complaints/CMP-1")
                #expect(toPlan.text.contains("action=\"/complaints/CMP-1/visit\""))
                let today = String(try server.desk.now().iso8601.prefix(10))
                let planned = try await sec.post(
                    "/complaints/CMP-1/visit",
                    [("csrf", csrf), ("case", "C-1"), ("from", today), ("to", today), ("note", "ward 7 first")])
                #expect(planned.status == 303, "\(planned.text.prefix(400))")

                let ann = try await server.signedIn("ann")
                #expect(try await ann.get("/complaints").status == 403)
                let before = try await ann.get("/cases/C-1")
                #expect(!before.text.contains("V-1") && !before.text.contains("ward 7 first"))
                #expect(!before.text.contains("id=\"visits\""))
                let lee = try await server.signedIn("lee")
                let leePage = try await lee.get("/cases/C-1")
                #expect(leePage.text.contains("action=\"/cases/C-1/visits/V-1/hold\""))
                let held = try await lee.post(
                    "/cases/C-1/visits/V-1/hold",
                    [("csrf", try #require(leePage.hidden("csrf"))), ("request", "h-1"), ("report", "Rounds seen")])
                #expect(held.status == 303, "\(held.text.prefix(400))")

                let after = try await ann.get("/cases/C-1")
                #expect(after.text.contains("id=\"visits\"") && after.text.contains("Medicines omitted on a ward"))
                #expect(!after.text.contains("Jo Bloggs") && !after.text.contains("ward 7 first"))
                let closed = try await sec.post(
                    "/complaints/CMP-1/close",
                    [("csrf", csrf), ("outcome", "substantiated"), ("summary", "Confirmed at the visit")])
                #expect(closed.status == 303)
                let erased = try await sec.post("/complaints/CMP-1/erase", [("csrf", csrf)])
                #expect(erased.status == 303)
                let final = try await sec.get("/complaints/CMP-1")
                #expect(final.text.contains("Erased by sec") && !final.text.contains("Jo Bloggs"))
            }
        }
    }
}

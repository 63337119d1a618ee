import AccreditServer
import CaseService
import EvidenceStore
import Foundation
import Statecharts
import Testing

/// The auditor's pages: a case's history as a timeline, the case replayed as at a date, the verification of its
/// record with each finding (also after the record is tampered with), its bundle, and the whole store's
/// verification.
@Suite(.serialized) struct PortalAuditorTests {
    @Test func theAuditorReadsTheTimelineReplaysAsAtADateAndVerifies() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForEvidence("c-1")
            let aud = try await server.signedIn("aud")
            let history = try await aud.get("/cases/c-1/history")
            #expect(history.status == 200)
            #expect(history.text.contains("case.open") || history.text.contains("application.submit"))
            #expect(history.text.contains("by <strong>sec</strong> (secretariat)"))
            #expect(history.text.contains("<dt>Entered</dt>"))
            let narrowed = try await aud.get("/cases/c-1/history?actor=nobody")
            #expect(narrowed.text.contains("No event matches"))

            let replay = try await aud.get("/cases/c-1/replay")
            #expect(replay.status == 200)
            #expect(replay.text.contains("<span class=\"tag tag-green\">Yes</span>"))
            let before = try await aud.get("/cases/c-1/replay?asAt=2000-01-01")
            #expect(before.status == 404 || before.text.contains("#0 of"))
            let through = try await aud.get("/cases/c-1/replay?through=1")
            #expect(through.status == 200)
            #expect(through.text.contains("#1 of"))
            let bad = try await aud.get("/cases/c-1/replay?asAt=yesterday")
            #expect(bad.status == 400)
            #expect(bad.text.contains("href=\"#asAt\""))

            let form = try await aud.get("/cases/c-1/audit")
            #expect(form.status == 200 && !form.text.contains("The record verifies"))
            let verified = try await aud.post("/cases/c-1/audit", [("csrf", try #require(form.hidden("csrf")))])
            #expect(verified.status == 200)
            #expect(verified.text.contains("The record verifies"))
            let bundle = try await aud.get("/cases/c-1/bundle")
            #expect(bundle.status == 200)
            #expect(bundle.header("Content-Disposition")?.contains("attachment") == true)
            #expect(bundle.text.contains("\"c-1\""))

            let store = try await aud.get("/audit")
            let csrf = try #require(store.hidden("csrf"))
            let all = try await aud.post("/audit", [("csrf", csrf)])
            #expect(all.status == 200)
            #expect(all.text.contains("The whole record verifies"))
        }
    }

    @Test func aTamperedRecordShowsItsFindings() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForEvidence("c-1")
            // An insider past the triggers moves the first event back a day.
            let db = try PostgresConnection(conninfo: server.conninfo)
            try db.execute("SET session_replication_role = replica")
            try db.execute(
                "UPDATE case_events SET occurred_at = occurred_at - interval '1 day' WHERE case_id = 'c-1' AND seq = 1")
            try db.execute("RESET session_replication_role")
            let aud = try await server.signedIn("aud")
            let form = try await aud.get("/cases/c-1/audit")
            let verified = try await aud.post("/cases/c-1/audit", [("csrf", try #require(form.hidden("csrf")))])
            #expect(verified.status == 200)
            #expect(verified.text.contains("The record does not verify"))
            #expect(verified.text.contains("id=\"findings\""))
            #expect(verified.text.contains("#1"))
        }
    }

    @Test func anApplicantCannotReachAnotherOrganisationsRecordOrTheStoreAudit() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForEvidence("c-1")
            let hal = try await server.signedIn("hal")
            // The same refusal for another organisation's case as for one that does not exist.
            for path in [
                "/cases/c-1/history", "/cases/c-1/replay", "/cases/c-1/audit", "/cases/c-1/bundle",
                "/cases/no-such-case/history",
            ] {
                let page = try await hal.get(path)
                #expect(page.status == 403, "\(path)")
                #expect(!page.text.contains("riverside") && !page.text.contains("application.submit"), "\(path)")
            }
            let csrf = try #require(try await hal.get("/").hidden("csrf"))
            #expect(try await hal.post("/audit", [("csrf", csrf)]).status == 403)
            #expect(try await hal.post("/cases/c-1/audit", [("csrf", csrf)]).status == 403)
        }
    }

    @Test func anOrganisationReadsItsOwnCaseOnItsPageAndNotTheAssessorsRatings() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForReview("c-1")
            let criterion = "SL-1.1"
            _ = try server.desk.fire(
                "c-1", event: "review.rate",
                data: ["criterion": .string(criterion), "rating": "met", "note": "Strong board minutes"], by: "alice")
            let ann = try await server.signedIn("ann")
            for path in ["/cases/c-1/history", "/cases/c-1/replay", "/cases/c-1/audit", "/cases/c-1/bundle"] {
                let page = try await ann.get(path)
                #expect(page.status == 403, "\(path)")
                #expect(page.text.contains("For the accrediting body"), "\(path)")
            }
            // Through the API the organisation reads its case's history without the ratings' data.
            let history = try await server.send("GET", "/api/v1/cases/c-1/history", token: try server.token(for: "ann"))
            #expect(history.status == 200)
            let rated = (history.json["events"] as? [[String: Any]] ?? []).filter {
                $0["event"] as? String == "review.rate"
            }
            #expect(!rated.isEmpty)
            #expect(rated.allSatisfy { $0["data"] is NSNull && ($0["ratings"] as? [Any])?.isEmpty == true })
            #expect(!String(decoding: history.body, as: UTF8.self).contains("Strong board minutes"))
            let staff = try await server.send("GET", "/api/v1/cases/c-1/history", token: try server.token(for: "aud"))
            #expect(String(decoding: staff.body, as: UTF8.self).contains("Strong board minutes"))
        }
    }
}

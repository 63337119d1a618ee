import AccreditEngine
import AccreditServer
import CaseService
import EvidenceStore
import Foundation
import Statecharts
import Testing

/// Events sent with a note (findings, a corrective action, an appeal's grounds): the form, the note in the signed
/// record, and the case page's messages, which do not show an organisation the assessors' rating notes.
@Suite(.serialized) struct PortalNoteTests {
    /// Moves the case to its findings: every criterion rated (one with a note), the review completed and the visit
    /// held.
    static func atFindings(_ server: ServerHarness, _ caseID: String) throws {
        try server.openCaseForReview(caseID)
        for (index, criterion) in try server.desk.view(caseID, as: "sec").definitions.machine.framework.criteria
            .enumerated()
        {
            var data: [String: Value] = ["criterion": .string(criterion.id), "rating": "met"]
            if index == 0 { data["note"] = "Internal: the minutes were thin" }
            _ = try server.desk.fire(caseID, event: "review.rate", data: .object(data), by: "alice")
        }
        for (event, actor) in [("review.complete", "alice"), ("visit.schedule", "sec")] {
            _ = try server.desk.fire(caseID, event: event, by: actor)
        }
        // The lead assessor's own notes of the visit: staff only (the default).
        _ = try server.desk.fire(
            caseID, event: "visit.complete", data: ["note": "Visit notes: the ward 7 sister was candid"], by: "lee")
        // A major finding, which the findings must be issued for.
        _ = try server.desk.fire(
            caseID, event: "finding.raise",
            data: ["criterion": "PP-1.1", "severity": "major", "statement": "No specialist has protected time"],
            by: "lee")
    }

    @Test func findingsGoWithANoteAndTheOrganisationAnswersWithItsCorrectiveAction() async throws {
        try await ServerHarness.run { server in
            try Self.atFindings(server, "c-1")
            let lee = try await server.signedIn("lee")
            let page = try await lee.get("/cases/c-1")
            #expect(page.text.contains("href=\"/cases/c-1/send/findings.issue\""))
            let form = try await lee.get("/cases/c-1/send/findings.issue")
            #expect(form.status == 200)
            let csrf = try #require(form.hidden("csrf"))
            let request = try #require(form.hidden("request"))
            let long = String(repeating: "x", count: CaseDesk.maximumNoteLength + 1)
            let tooLong = try await lee.post(
                "/cases/c-1/events",
                [("csrf", csrf), ("request", request), ("event", "findings.issue"), ("from", "note"), ("note", long)])
            #expect(tooLong.status == 400)
            #expect(tooLong.text.contains("href=\"#note\">Shorten the note"))
            #expect(try server.desk.load("c-1").state.snapshot.configuration.contains("findings"))
            let findings =
                "1. No patient safety specialist is named.\n2. <script>alert(1)</script> incident reviews lag."
            let sent = try await lee.post(
                "/cases/c-1/events",
                [
                    ("csrf", csrf), ("request", request), ("event", "findings.issue"), ("from", "note"),
                    ("note", findings), ("noteFor", "organisation"),
                ])
            #expect(sent.status == 303)
            // Sent twice (a double click), it is recorded once.
            _ = try await lee.post(
                "/cases/c-1/events",
                [
                    ("csrf", csrf), ("request", request), ("event", "findings.issue"), ("from", "note"),
                    ("note", findings), ("noteFor", "organisation"),
                ])
            #expect(try server.desk.notes(of: "c-1", for: "sec").filter { $0.event == "findings.issue" }.count == 1)

            // A staff-only note (the default) stays among staff, on the page and in the API's history.
            let ann = try await server.signedIn("ann")
            let casePage = try await ann.get("/cases/c-1")
            #expect(!casePage.text.contains("ward 7 sister"))
            #expect(try await lee.get("/cases/c-1").text.contains("ward 7 sister"))
            let history = try await server.send(
                "GET", "/api/v1/cases/c-1/history", token: try server.token(for: "ann"))
            #expect(!String(decoding: history.body, as: UTF8.self).contains("ward 7 sister"))
            #expect(String(decoding: history.body, as: UTF8.self).contains("No patient safety specialist"))
            #expect(casePage.text.contains("No patient safety specialist is named."))
            #expect(casePage.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!casePage.text.contains("<script>alert(1)"))
            #expect(casePage.text.contains("Finding lapse"))
            #expect(casePage.text.contains("No specialist has protected time"))
            // The assessors' rating notes are theirs until the decision.
            #expect(!casePage.text.contains("the minutes were thin"))
            #expect(try await lee.get("/cases/c-1").text.contains("the minutes were thin"))
            let annCSRF = try #require(casePage.hidden("csrf"))
            #expect(casePage.text.contains("action=\"/cases/c-1/findings/F-1/response\""))
            let answered = try await ann.post(
                "/cases/c-1/findings/F-1/response",
                [
                    ("csrf", annCSRF), ("request", "r-corrective"),
                    ("response", "We have appointed a patient safety specialist with two sessions a week."),
                ])
            #expect(answered.status == 303)
            let finding = try #require(try server.desk.load("c-1").state.record.findings["F-1"])
            #expect(finding.status == .responded)
            #expect(try await lee.get("/cases/c-1").text.contains("action=\"/cases/c-1/findings/F-1/closure\""))
        }
    }

    @Test func anEventThatIsNotOpenToThePersonHasNoNoteForm() async throws {
        try await ServerHarness.run { server in
            try Self.atFindings(server, "c-1")
            let ann = try await server.signedIn("ann")
            let refused = try await ann.get("/cases/c-1/send/findings.issue")
            #expect(refused.status == 404)
            let hal = try await server.signedIn("hal")
            let other = try await hal.get("/cases/c-1/send/findings.issue")
            #expect(other.status == 404)
            #expect(!other.text.contains("riverside"))
        }
    }

    @Test func theNoteLimitHoldsForEveryWriterNotOnlyThePortal() async throws {
        try await ServerHarness.run { server in
            try Self.atFindings(server, "c-1")
            // One letter and 4,000 combining marks: one character to Swift, 4,001 scalars.
            let disguised = "a" + String(repeating: "\u{0301}", count: CaseDesk.maximumNoteLength)
            for note: Value in [.string(disguised), .integer(5)] {
                let refused = try #require(throws: StoreError.self) {
                    try server.desk.fire("c-1", event: "findings.issue", data: ["note": note], by: "lee")
                }
                #expect(refused.code == .invalid)
            }
            let answer = try await server.send(
                "POST", "/api/v1/cases/c-1/events", token: try server.token(for: "lee"),
                json: ["event": "findings.issue", "data": ["note": disguised]])
            #expect(answer.status == 422)
            #expect(try server.desk.load("c-1").state.snapshot.configuration.contains("findings"))
        }
    }
}

import AccreditEngine
import AccreditServer
import CaseService
import EvidenceStore
import Foundation
import Testing

/// The assessor's pages: the evidence viewer (inline only for types a browser cannot run), accepting and rejecting
/// with a reason, and rating many criteria in one form.
@Suite(.serialized) struct PortalAssessorTests {
    @Test func anAssessorRejectsWithAReasonAndTheOrganisationSeesIt() async throws {
        try await ServerHarness.run { server in
            let ids = try server.openCaseForReview("C-1")
            let item = try #require(ids["SL-1.1"])
            let alice = try await server.signedIn("alice")
            let page = try await alice.get("/cases/C-1/evidence/\(item)")
            #expect(page.status == 200)
            #expect(page.text.contains("Review this evidence"))
            #expect(page.text.contains("<iframe class=\"viewer\" src=\"/cases/C-1/evidence/\(item)/view\""))
            let csrf = try #require(page.hidden("csrf"))
            let bare = try await alice.post(
                "/cases/C-1/evidence/\(item)/review", [("csrf", csrf), ("decision", "reject"), ("reason", " ")])
            #expect(bare.status == 400)
            #expect(bare.text.contains("href=\"#reason\">Say why the evidence is rejected"))
            let rejected = try await alice.post(
                "/cases/C-1/evidence/\(item)/review",
                [("csrf", csrf), ("request", "r-1"), ("decision", "reject"), ("reason", "This is last year's policy")])
            #expect(rejected.status == 303)
            #expect(rejected.header("Location") == "/cases/C-1?notice=reviewed#criterion-SL-1.1")
            let record = try #require(try server.desk.evidence(of: "C-1", for: "sec").first { $0.evidenceID == item })
            #expect(record.status == .rejected)
            #expect(record.notes == "This is last year's policy")
            let ann = try await server.signedIn("ann")
            let seen = try await ann.get("/cases/C-1")
            #expect(seen.text.contains("Reason: This is last year&#39;s policy"))
            let annView = try await ann.get("/cases/C-1/evidence/\(item)")
            #expect(!annView.text.contains("Review this evidence"))
        }
    }

    @Test func theViewerShowsPDFsInlineAndSendsOtherFilesAsDownloads() async throws {
        try await ServerHarness.run { server in
            let ids = try server.openCaseForReview("C-1")
            let alice = try await server.signedIn("alice")
            let pdf = try await alice.get("/cases/C-1/evidence/\(try #require(ids["SL-1.1"]))/view")
            #expect(pdf.status == 200)
            #expect(pdf.header("Content-Type") == "application/pdf")
            #expect(pdf.header("Content-Disposition")?.hasPrefix("inline;") == true)
            #expect(pdf.header("X-Frame-Options") == "SAMEORIGIN")
            #expect(pdf.header("Content-Security-Policy")?.contains("frame-ancestors 'self'") == true)
            #expect(pdf.header("X-Content-Type-Options") == "nosniff")
            // A file whose content is HTML, whatever it is called, is never shown in the page.
            let file = server.blobRoot + "/../page.html"
            try Data("<html><script>alert(1)</script></html>".utf8).write(to: URL(fileURLWithPath: file))
            try server.openCaseForEvidence("C-2")
            let (record, _) = try server.desk.uploadEvidence(
                "C-2", file: file, displayName: "report.pdf", criterion: "SL-1.1", item: 1, by: "ann")
            let sec = try await server.signedIn("sec")
            let html = try await sec.get("/cases/C-2/evidence/\(record.evidenceID)/view")
            #expect(html.header("Content-Disposition")?.hasPrefix("attachment;") == true)
            #expect(html.header("Content-Type") != "text/html")
            let page = try await sec.get("/cases/C-2/evidence/\(record.evidenceID)")
            #expect(!page.text.contains("<iframe"))
        }
    }

    @Test func manyCriteriaAreRatedInOneFormAndOnlyChangesAreRecorded() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForReview("C-1")
            let alice = try await server.signedIn("alice")
            let form = try await alice.get("/cases/C-1/ratings")
            #expect(form.status == 200)
            #expect(form.text.contains("name=\"rating-SL-1.1\""))
            let csrf = try #require(form.hidden("csrf"))
            let request = try #require(form.hidden("request"))
            let sent = try await alice.post(
                "/cases/C-1/ratings",
                [
                    ("csrf", csrf), ("request", request), ("rating-SL-1.1", "met"), ("rating-SL-1.2", "exceeded"),
                    ("note-SL-1.2", "Board minutes show quarterly review"),
                ])
            #expect(sent.status == 303, "\(sent.text.prefix(500))")
            let open = try server.desk.view("C-1", as: "sec")
            #expect(open.state.record.ratings["SL-1.1"] == "met")
            #expect(open.state.record.ratings["SL-1.2"] == "exceeded")
            let version = open.head.version
            // The same ratings again change nothing, and a stale or unknown level is refused on the form.
            _ = try await alice.post(
                "/cases/C-1/ratings", [("csrf", csrf), ("request", request + "x"), ("rating-SL-1.1", "met")])
            #expect(try server.desk.view("C-1", as: "sec").head.version == version)
            let wrong = try await alice.post(
                "/cases/C-1/ratings", [("csrf", csrf), ("request", "r-2"), ("rating-SL-2.1", "superb")])
            #expect(wrong.status == 422)
            #expect(wrong.text.contains("SL-2.1"))
            let ann = try await server.signedIn("ann")
            let refused = try await ann.get("/cases/C-1/ratings")
            #expect(refused.text.contains("You cannot rate this case now"))
        }
    }
}

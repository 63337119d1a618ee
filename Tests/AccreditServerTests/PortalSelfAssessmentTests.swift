import AccreditEngine
import AccreditServer
import CaseService
import EvidenceStore
import Foundation
import Testing

/// Issue #18, item 8, through the server: the organisation's self-assessment page and API, the assessors reading it
/// beside their ratings, and uploads for a named expected evidence item, with the attacks on each.
@Suite(.serialized) struct PortalSelfAssessmentTests {
    @Test func theOrganisationAssessesItselfOnThePageAndAssessorsReadIt() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForEvidence("C-1")
            let ann = try await server.signedIn("ann")
            let caseView = try await ann.get("/cases/C-1")
            #expect(caseView.text.contains("Assess yourself against the criteria"))
            #expect(caseView.text.contains("0 of 36 done"))
            // Offered on its page, not as a bare button (an event without its data would only be refused).
            #expect(!caseView.text.contains("value=\"self-assessment.record\""))
            let page = try await ann.get("/cases/C-1/self-assessment")
            #expect(page.status == 200)
            #expect(page.text.contains("name=\"self-SL-1.1\"") && page.text.contains("id=\"narrative-CU-3.2\""))
            let csrf = try #require(page.hidden("csrf"))
            let request = try #require(page.hidden("request"))
            // A rating without a narrative, and a narrative without a rating: shown on the form, nothing recorded.
            let lone = try await ann.post(
                "/cases/C-1/self-assessment", [("csrf", csrf), ("request", request), ("self-SL-1.1", "met")])
            #expect(lone.status == 422)
            #expect(lone.text.contains("SL-1.1: give a narrative too"))
            let noRating = try await ann.post(
                "/cases/C-1/self-assessment",
                [("csrf", csrf), ("request", request), ("narrative-SL-1.2", "We review it yearly")])
            #expect(noRating.status == 422 && noRating.text.contains("SL-1.2: give a rating too"))
            // A rating off the scale is the rule's refusal, on the form; a forged token stores nothing.
            let offScale = try await ann.post(
                "/cases/C-1/self-assessment",
                [("csrf", csrf), ("request", request), ("self-SL-1.1", "superb"), ("narrative-SL-1.1", "x")])
            #expect(offScale.status == 422 && offScale.text.contains("rate yourself on the framework"))
            let forged = try await ann.post(
                "/cases/C-1/self-assessment",
                [("csrf", "forged"), ("self-SL-1.1", "met"), ("narrative-SL-1.1", "x")])
            #expect(forged.status == 403)
            #expect(try server.desk.view("C-1", as: "sec").state.record.selfAssessments.isEmpty)
            let recorded = try await ann.post(
                "/cases/C-1/self-assessment",
                [
                    ("csrf", csrf), ("request", request), ("self-SL-1.1", "met"),
                    ("narrative-SL-1.1", "Every service reports <b>incidents</b>"), ("self-SL-1.2", "partially-met"),
                    ("narrative-SL-1.2", "The yearly review is overdue"),
                ])
            #expect(recorded.status == 303, "\(recorded.text.prefix(400))")
            #expect(recorded.header("Location") == "/cases/C-1?notice=self-assessed")
            let record = try server.desk.view("C-1", as: "sec").state.record
            #expect(record.selfAssessments["SL-1.1"]?.narrative == "Every service reports <b>incidents</b>")
            #expect(record.selfAssessments["SL-1.2"]?.rating == "partially-met")
            #expect(try await ann.get("/cases/C-1").text.contains("2 of 36 done"))
            // The narrative is text, never markup.
            let again = try await ann.get("/cases/C-1/self-assessment")
            #expect(again.text.contains("Every service reports &lt;b&gt;incidents&lt;/b&gt;"))

            // An assessor may not record one (the workflow's roles), through the API or the page.
            let alice = try server.token(for: "alice")
            let byAssessor = try await server.send(
                "POST", "/api/v1/cases/C-1/events", token: alice,
                json: [
                    "action": "self-assess", "data": ["criterion": "SL-1.1", "rating": "exceeded", "narrative": "x"],
                ])
            #expect(byAssessor.status == 403 || byAssessor.status == 422, "\(byAssessor.status)")
            #expect(byAssessor.json["rule"] as? String == "workflow.role-not-allowed")
            // The API's case view carries it, for the organisation and the team.
            let view = try await server.send("GET", "/api/v1/cases/C-1", token: alice)
            let assessments = try #require(view.json["selfAssessments"] as? [String: Any])
            let sl12 = try #require(assessments["SL-1.2"] as? [String: Any])
            #expect(sl12["rating"] as? String == "partially-met" && sl12["by"] as? String == "ann")
            // Another organisation's applicant reads nothing of it.
            let hal = try server.token(for: "hal")
            let stranger = try await server.send("GET", "/api/v1/cases/C-1", token: hal)
            #expect(stranger.status == 404)
            let strangerPage = try await (try await server.signedIn("hal")).get("/cases/C-1/self-assessment")
            #expect(strangerPage.status == 404)
        }
    }

    @Test func theRatingsPageShowsTheSelfAssessmentBesideEachCriterion() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForReview("C-1")
            let lee = try await server.signedIn("lee")
            let ratings = try await lee.get("/cases/C-1/ratings")
            #expect(ratings.status == 200)
            #expect(ratings.text.contains("Self-assessed: Met"))
            #expect(ratings.text.contains("How we meet it."))
            // Read only now: the evidence is submitted, so the organisation may change nothing.
            let ann = try await server.signedIn("ann")
            let page = try await ann.get("/cases/C-1/self-assessment")
            #expect(page.status == 200 && !page.text.contains("<textarea"))
            #expect(page.text.contains("36 of 36 criteria self-assessed"))
            let csrf = try #require(try await ann.get("/cases/C-1").hidden("csrf"))
            let late = try await ann.post(
                "/cases/C-1/self-assessment", [("csrf", csrf), ("self-SL-1.1", "exceeded"), ("narrative-SL-1.1", "x")])
            #expect(late.status == 409 || late.status == 422, "\(late.status)")
            #expect(try server.desk.view("C-1", as: "sec").state.record.selfAssessments["SL-1.1"]?.rating == "met")
        }
    }

    @Test func uploadsNameTheirExpectedItemAndBadItemsAreRefused() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForEvidence("C-1")
            let ann = try server.token(for: "ann")
            let file = Data("%PDF-1.4 incident counts".utf8)
            func upload(_ query: String) async throws -> ServerHarness.Answer {
                try await server.send("POST", "/api/v1/cases/C-1/evidence?\(query)&name=c.pdf", token: ann, body: file)
            }
            let unnamed = try await upload("criterion=SL-1.1")
            #expect(unnamed.status == 422)
            #expect(unnamed.json["rule"] as? String == "evidence.item-required")
            for bad in ["0", "4", "x", "-1", "99999", "1.5", "%C2%B9"] {
                let answer = try await upload("criterion=SL-1.1&item=\(bad)")
                #expect(answer.status == 422 || answer.status == 400, "item=\(bad): \(answer.status)")
            }
            #expect(try await upload("criterion=SL-1.1&item=4").json["rule"] as? String == "evidence.unknown-item")
            let stored = try await upload("criterion=SL-1.1&item=2")
            #expect(stored.status == 201)
            #expect(stored.json["item"] as? Int == 2)
            let implied = try await server.send(
                "POST", "/api/v1/cases/C-1/evidence?criterion=SL-2.2&name=c.pdf", token: ann, body: file,
                headers: ["Idempotency-Key": "implied-1"])
            #expect(implied.status == 201 && implied.json["item"] as? Int == 1)
            // Retried naming the item the first attempt left implied: the same upload, answered as a repeat; naming
            // another is a different request.
            let retried = try await server.send(
                "POST", "/api/v1/cases/C-1/evidence?criterion=SL-2.2&item=1&name=c.pdf", token: ann, body: file,
                headers: ["Idempotency-Key": "implied-1"])
            #expect(retried.status == 200 && retried.json["repeated"] as? Bool == true, "\(retried.status)")
            let other = try await server.send(
                "POST", "/api/v1/cases/C-1/evidence?criterion=SL-2.2&item=2&name=c.pdf", token: ann, body: file,
                headers: ["Idempotency-Key": "implied-1"])
            #expect(other.json["rule"] as? String == "request.reused")
            #expect(try server.desk.evidence(of: "C-1", for: "ann").map(\.item) == [2, 1])
            // Nothing refused left a file behind.
            let files = try FileManager.default.subpathsOfDirectory(atPath: server.blobRoot).filter {
                !$0.hasPrefix("tmp") && $0.count > 40
            }
            #expect(files.count == 1, "\(files)")

            // The portal's form takes a criterion and item chosen together.
            let page = try await (try await server.signedIn("ann")).get("/cases/C-1")
            #expect(page.text.contains("value=\"SL-1.1/3\"") && page.text.contains("value=\"SL-2.2\""))
            #expect(page.text.contains("Not yet provided") && page.text.contains("Provided"))
            let client = try await server.signedIn("ann")
            let csrf = try #require(try await client.get("/cases/C-1").hidden("csrf"))
            let sent = try await client.postMultipart(
                "/cases/C-1/evidence", [("csrf", csrf), ("criterion", "SL-1.1/3")],
                files: [("file", "uploads.pdf", Data("%PDF-1.4 uploads".utf8))])
            #expect(sent.status == 303, "\(sent.text.prefix(300))")
            #expect(try server.desk.evidence(of: "C-1", for: "ann").last?.item == 3)
            let wrong = try await client.postMultipart(
                "/cases/C-1/evidence", [("csrf", csrf), ("criterion", "SL-1.1/9")],
                files: [("file", "x.pdf", Data("%PDF-1.4 x".utf8))])
            #expect(wrong.status == 422 && wrong.text.contains("SL-1.1 expects 3 evidence items"))
        }
    }
}

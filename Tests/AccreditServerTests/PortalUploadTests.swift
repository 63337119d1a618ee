import AccreditEngine
import AccreditServer
import CaseService
import EvidenceStore
import Foundation
import Testing

/// The evidence upload form without JavaScript (`multipart/form-data`, streamed into the store): files stored once
/// each, a resent form storing nothing twice, a rejected item replaced, and the refusals.
@Suite(.serialized) struct PortalUploadTests {
    /// The evidence of C-1, as the secretariat sees it.
    static func evidence(_ server: ServerHarness) throws -> [EvidenceRecord] {
        try server.desk.evidence(of: "C-1", for: "sec")
    }

    @Test func theFormStoresEachFileOnceAndThePageShowsThem() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForEvidence("C-1")
            let ann = try await server.signedIn("ann")
            let page = try await ann.get("/cases/C-1")
            #expect(page.text.contains("enctype=\"multipart/form-data\""))
            let csrf = try #require(page.hidden("csrf"))
            let request = try #require(page.hidden("request"))
            let fields = [("csrf", csrf), ("request", request), ("criterion", "SL-1.1/1")]
            let files = [
                ("file", "policy.pdf", Data("%PDF-1.4 policy".utf8)),
                ("file", "log \"q3\".csv", Data("date,count\n2026-01,4\n".utf8)),
            ]
            let sent = try await ann.postMultipart("/cases/C-1/evidence", fields, files: files)
            #expect(sent.status == 303, "\(sent.text.prefix(400))")
            #expect(sent.header("Location") == "/cases/C-1?notice=uploaded#criterion-SL-1.1")
            let stored = try Self.evidence(server)
            #expect(stored.map(\.fileName).sorted() == ["log \"q3\".csv", "policy.pdf"])
            #expect(stored.allSatisfy { $0.criterionID == "SL-1.1" && $0.uploadedBy == "ann" })

            // The same form again (the browser resent it): nothing is stored twice.
            let again = try await ann.postMultipart("/cases/C-1/evidence", fields, files: files)
            #expect(again.status == 303)
            #expect(try Self.evidence(server).count == 2)

            let shown = try await ann.get("/cases/C-1?notice=uploaded")
            #expect(shown.text.contains("Your files have been stored"))
            #expect(shown.text.contains("log &quot;q3&quot;.csv"))
            let sha = try #require(stored.first { $0.fileName == "policy.pdf" }?.sha256)
            #expect(shown.text.contains(String(sha.prefix(12))))
        }
    }

    @Test func aFormWithoutTheTokenOrWithNoFileStoresNothing() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForEvidence("C-1")
            let ann = try await server.signedIn("ann")
            let file = [("file", "policy.pdf", Data("%PDF-1.4 policy".utf8))]
            let forged = try await ann.postMultipart(
                "/cases/C-1/evidence", [("csrf", "forged"), ("criterion", "SL-1.1/1")], files: file)
            #expect(forged.status == 403)
            let csrf = try #require(try await ann.get("/cases/C-1").hidden("csrf"))
            let empty = try await ann.postMultipart(
                "/cases/C-1/evidence", [("csrf", csrf), ("criterion", "SL-1.1/1")], files: [("file", "", Data())])
            #expect(empty.status == 422)
            #expect(empty.text.contains("Choose at least one file to upload"))
            ann.extraHeaders = ["Sec-Fetch-Site": "cross-site"]
            let crossSite = try await ann.postMultipart(
                "/cases/C-1/evidence", [("csrf", csrf), ("criterion", "SL-1.1/1")], files: file)
            #expect(crossSite.status == 403)
            ann.extraHeaders = [:]
            let many = try await ann.postMultipart(
                "/cases/C-1/evidence", [("csrf", csrf)] + (0..<80).map { ("f\($0)", "x") }, files: file)
            #expect(many.status == 413)
            let noCriterion = try await ann.postMultipart("/cases/C-1/evidence", [("csrf", csrf)], files: file)
            #expect(noCriterion.status == 422)
            let stranger = try await PageClient(server.base).postMultipart(
                "/cases/C-1/evidence", [("criterion", "SL-1.1/1")], files: file)
            #expect(stranger.status == 303)
            #expect(stranger.header("Location")?.hasPrefix("/sign-in") == true)
            #expect(try Self.evidence(server).isEmpty)
            let files = try FileManager.default.subpathsOfDirectory(atPath: server.blobRoot).filter {
                !$0.hasPrefix("tmp") && $0.count > 40
            }
            #expect(files.isEmpty, "\(files)")
        }
    }

    @Test func anotherOrganisationsCaseTakesNoFile() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForEvidence("H-1", organisation: "hillside", applicant: "hal")
            let ann = try await server.signedIn("ann")
            let csrf = try #require(try await ann.get("/").hidden("csrf"))
            let page = try await ann.postMultipart(
                "/cases/H-1/evidence", [("csrf", csrf), ("criterion", "SL-1.1/1")],
                files: [("file", "x.pdf", Data("%PDF-1.4".utf8))])
            #expect(page.status == 404)
            #expect(try server.desk.evidence(of: "H-1", for: "sec").isEmpty)
        }
    }

    @Test func aRejectedItemIsReplacedFromItsOwnForm() async throws {
        try await ServerHarness.run { server in
            let ids = try server.openCaseForReview("C-1")
            let rejected = try #require(ids["SL-1.1"])
            try server.desk.reviewEvidence("C-1", evidence: rejected, accept: false, reason: "last year's", by: "alice")
            _ = try server.desk.fire("C-1", event: "review.return", by: "alice")
            let ann = try await server.signedIn("ann")
            let page = try await ann.get("/cases/C-1")
            #expect(page.text.contains("name=\"supersedes\" value=\"\(rejected)\""))
            let csrf = try #require(page.hidden("csrf"))
            let sent = try await ann.postMultipart(
                "/cases/C-1/evidence",
                [("csrf", csrf), ("request", "portal-replace-1"), ("criterion", "SL-1.1"), ("supersedes", rejected)],
                files: [("file", "policy-2026.pdf", Data("%PDF-1.4 this year's".utf8))])
            #expect(sent.status == 303, "\(sent.text.prefix(400))")
            let records = try Self.evidence(server).filter { $0.criterionID == "SL-1.1" }
            #expect(records.first { $0.evidenceID == rejected }?.status == .superseded)
            #expect(records.contains { $0.fileName == "policy-2026.pdf" && $0.supersedes == rejected })
        }
    }
}

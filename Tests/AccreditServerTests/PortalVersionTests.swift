import AccreditServer
import CaseService
import EvidenceStore
import Foundation
import ServiceTestSupport
import Statecharts
import Testing

/// The case's workflow version page: staff see the version and the others published, those who oversee the record
/// check one against the case's history, and the secretariat moves the case; everyone else is kept out.
@Suite(.serialized) struct PortalVersionTests {
    /// The shipped workflow as version 2, with the eligibility state renamed.
    static func publishVersion2(_ server: ServerHarness) throws {
        let shipped = try String(
            contentsOfFile: DeskFixtures.repository + "Definitions/workflows/patient-safety-accreditation.scxml",
            encoding: .utf8)
        let v2 = shipped.replacingOccurrences(of: "acc:version=\"1\"", with: "acc:version=\"2\"")
            .replacingOccurrences(of: "\"eligibility\"", with: "\"eligibility-check\"")
            .replacingOccurrences(of: "'eligibility'", with: "'eligibility-check'")
        _ = try server.desk.publishWorkflow(Array(v2.utf8), file: "v2.scxml", framework: nil, by: "sec")
    }

    @Test func theSecretariatChecksAndMovesACaseAndOthersCannot() async throws {
        try await ServerHarness.run { server in
            try server.openCaseForEvidence("c-1")
            try Self.publishVersion2(server)
            let sec = try await server.signedIn("sec")
            let page = try await sec.get("/cases/c-1/version")
            #expect(page.status == 200)
            #expect(page.text.contains("<dd>patient-safety-accreditation@1</dd>"))
            #expect(page.text.contains("<option value=\"2\""))
            #expect(page.text.contains("Move the case"))
            let csrf = try #require(page.hidden("csrf"))

            // Without the renamed state, version 2 handles the case otherwise, and the page says where.
            let unmapped = try await sec.post(
                "/cases/c-1/version", [("csrf", csrf), ("version", "2"), ("states", ""), ("action", "check")])
            #expect(unmapped.status == 200)
            #expect(unmapped.text.contains("handles this case otherwise"), "\(unmapped.text)")
            #expect(unmapped.text.contains("has no state eligibility"))
            let mapped = try await sec.post(
                "/cases/c-1/version",
                [("csrf", csrf), ("version", "2"), ("states", "eligibility = eligibility-check"), ("action", "check")])
            #expect(mapped.text.contains("handles all") && mapped.text.contains("events alike"), "\(mapped.text)")
            let malformed = try await sec.post(
                "/cases/c-1/version",
                [("csrf", csrf), ("version", "2"), ("states", "eligibility"), ("action", "check")])
            #expect(malformed.status == 400 && malformed.text.contains("href=\"#states\""))
            let merging = try await sec.post(
                "/cases/c-1/version",
                [("csrf", csrf), ("version", "2"), ("states", "eligibility=draft"), ("action", "move")])
            #expect(merging.status == 422 && merging.text.contains("would merge into it"), "\(merging.text)")

            // The auditor checks but may not move.
            let aud = try await server.signedIn("aud")
            let audited = try await aud.get("/cases/c-1/version")
            #expect(
                audited.status == 200 && !audited.text.contains("Move the case"), "\(audited.status) \(audited.text)")
            let refused = try await aud.post(
                "/cases/c-1/version",
                [
                    ("csrf", try #require(audited.hidden("csrf"))), ("version", "2"),
                    ("states", "eligibility=eligibility-check"), ("action", "move"),
                ])
            #expect(refused.status == 403)
            // A decision maker sees the version, with nothing to check (that is for those who oversee the record).
            let dana = try await server.signedIn("dana")
            let decider = try await dana.get("/cases/c-1/version")
            #expect(decider.status == 200 && !decider.text.contains("id=\"version\""), "\(decider.status)")
            // The organisation's people see nothing of it.
            for person in ["ann", "hal"] {
                let client = try await server.signedIn(person)
                #expect(try await client.get("/cases/c-1/version").status == 403, "\(person)")
            }

            let moved = try await sec.post(
                "/cases/c-1/version",
                [("csrf", csrf), ("version", "2"), ("states", "eligibility=eligibility-check"), ("action", "move")])
            #expect(moved.status == 303)
            #expect(moved.header("Location") == "/cases/c-1/version?notice=moved")
            let after = try await sec.get("/cases/c-1/version?notice=moved")
            #expect(after.text.contains("<dd>patient-safety-accreditation@2</dd>"))
            #expect(after.text.contains("The case has moved to the new version"))
            #expect(after.text.contains("<option value=\"1\""))
            #expect(try server.desk.log.head(of: "c-1").pinnedSince > 0)
        }
    }
}

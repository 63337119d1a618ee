import AccreditAPI
import AccreditEngine
import AccreditServer
import CaseService
import EvidenceStore
import Foundation
import PostgresTestSupport
import Statecharts
import Testing

/// The public pages: the register, the certificate check (by file and by number, against the live status) and
/// the printable certificate, with no sign-in.
@Suite(.serialized) struct PortalPublicTests {
    @Test func theRegisterAndTheCheckFollowTheLiveStatus() async throws {
        try await TestFiles.withTemporaryDirectory { directory in
            // swift-format-ignore: OnlyOneTrailingClosureArgument
            try await ServerHarness.run(configure: {
                $0.registerCacheSeconds = 0
                $0.environment = APIEnvironment(home: directory + "/home", temporaryDirectory: directory)
            }) { server in
                _ = try server.desk.establishSigningKey(home: directory + "/home", by: "sec")
                try server.openCaseForDecision("C-1")
                _ = try server.desk.fire("C-1", event: "decision.record", data: ["outcome": "accredited"], by: "dana")
                let number = try server.desk.certificate(for: "C-1").number
                let visitor = PageClient(server.base)

                let register = try await visitor.get("/register")
                #expect(register.status == 200)
                #expect(register.text.contains("Riverside NHS Foundation Trust"))
                #expect(register.text.contains(">Current<"))
                #expect(register.text.contains("href=\"/certificates/\(number)\""))

                let byNumber = try await visitor.post("/certificates/check", [("number", number)])
                #expect(byNumber.text.contains("The award is current"))
                let unknown = try await visitor.post("/certificates/check", [("number", "ACC-NOPE")])
                #expect(unknown.text.contains("No award has this number"))

                let sec = try server.token(for: "sec")
                let signed = try await server.send("GET", "/api/v1/cases/C-1/award/certificate", token: sec)
                #expect(signed.status == 200)
                let file = String(decoding: signed.body, as: UTF8.self)
                let genuine = try await visitor.postMultipart(
                    "/certificates/check", [], files: [("file", "riverside.json", Data(file.utf8))])
                #expect(genuine.status == 200)
                #expect(genuine.text.contains("The certificate is genuine"), "\(genuine.text.prefix(600))")
                let altered = file.replacingOccurrences(of: "Riverside NHS Foundation Trust", with: "Riverside Clinic")
                #expect(altered != file)
                let forged = try await visitor.postMultipart(
                    "/certificates/check", [], files: [("file", "riverside.json", Data(altered.utf8))])
                #expect(forged.text.contains("The certificate is not genuine"))
                #expect(forged.text.contains("altered"))
                let junk = try await visitor.postMultipart(
                    "/certificates/check", [], files: [("file", "x.json", Data("<script>".utf8))])
                #expect(junk.status == 422)
                #expect(!junk.text.contains("<script>"))

                let printable = try await visitor.get("/certificates/\(number)")
                #expect(printable.status == 200)
                #expect(printable.text.contains("Certificate of accreditation"))
                #expect(try await visitor.get("/certificates/ACC-NOPE").status == 404)

                _ = try server.desk.fire("C-1", event: "case.suspend", by: "sec")
                let suspended = try await visitor.postMultipart(
                    "/certificates/check", [], files: [("file", "riverside.json", Data(file.utf8))])
                #expect(suspended.text.contains("The certificate is genuine"))
                #expect(suspended.text.contains("The award is suspended"))
                // The printable page of a suspended award still answers, with its status.
                let suspendedPage = try await visitor.get("/certificates/\(number)")
                #expect(suspendedPage.status == 200)
                #expect(suspendedPage.text.contains("Suspended"))
                // Someone signed in checks a certificate too (the form carries their session's token).
                let ann = try await server.signedIn("ann")
                let form = try await ann.get("/certificates/check")
                let csrf = try #require(form.hidden("csrf"))
                let checked = try await ann.postMultipart(
                    "/certificates/check", [("csrf", csrf), ("number", number)], files: [])
                #expect(checked.status == 200)
                #expect(checked.text.contains("The award is suspended"))
                let listed = try await visitor.get("/register?status=suspended")
                #expect(listed.text.contains("Riverside NHS Foundation Trust"))
                #expect(!(try await visitor.get("/register?status=current")).text.contains("Riverside NHS"))
            }
        }
    }
}

import AccreditAPI
import CaseService
import EvidenceStore
import Foundation
import ServiceTestSupport
import Testing

/// Publishing over HTTP: the definition's text in the body, validated fully, refused to anyone but an
/// administrator, and never read from or beside a file on the server.
@Suite(.serialized) struct DefinitionRouteTests {
    static let examples = DeskFixtures.repository + "Definitions/examples/minimal/"

    static func text(_ name: String) throws -> String {
        try String(contentsOf: URL(fileURLWithPath: examples + name), encoding: .utf8)
    }

    @Test func anAdministratorPublishesAFrameworkThenTheWorkflowThatDeclaresIt() async throws {
        try await ServerHarness.run { server in
            let sec = try server.token(for: "sec")
            let workflow = try Self.text("minimal-accreditation.scxml")
            let early = try await server.send(
                "POST", "/api/v1/workflows", token: sec, json: ["source": workflow, "file": "minimal.scxml"])
            #expect(early.status == 404)
            #expect(early.json["code"] as? String == "workflow.framework-not-published")

            let framework = try Self.text("minimal-standards-v1.xml")
            let published = try await server.send(
                "POST", "/api/v1/frameworks", token: sec, json: ["source": framework, "file": "minimal.xml"])
            #expect(published.status == 201)
            #expect(published.json["name"] as? String == "minimal-standards")
            #expect(published.json["new"] as? Bool == true)
            let again = try await server.send("POST", "/api/v1/frameworks", token: sec, json: ["source": framework])
            #expect(again.status == 200)
            #expect(again.json["new"] as? Bool == false)
            let changed = try await server.send(
                "POST", "/api/v1/frameworks", token: sec,
                json: ["source": framework.replacingOccurrences(of: "Minimal quality", with: "Other")])
            #expect(changed.status == 422)

            let workflowPublished = try await server.send(
                "POST", "/api/v1/workflows", token: sec, json: ["source": workflow, "file": "minimal.scxml"])
            #expect(workflowPublished.status == 201, "\(workflowPublished.json)")
            #expect(workflowPublished.json["kind"] as? String == "workflow")
            #expect(workflowPublished.json.keys.sorted() == ["kind", "name", "new", "sha256", "version"])
        }
    }

    @Test func onlyAnAdministratorPublishes() async throws {
        try await ServerHarness.run { server in
            let framework = try Self.text("minimal-standards-v1.xml")
            for actor in ["ann", "alice", "aud"] {
                let refused = try await server.send(
                    "POST", "/api/v1/frameworks", token: try server.token(for: actor), json: ["source": framework])
                #expect(refused.status == 403)
                #expect(refused.json["rule"] as? String == "access.definitions.publish")
            }
            let anonymous = try await server.send("POST", "/api/v1/frameworks", json: ["source": framework])
            #expect(anonymous.status == 401)
            #expect(
                try server.desk.catalog.all(.framework).contains { $0.reference.name == "minimal-standards" } == false)
        }
    }

    @Test func aWorkflowThatNamesAFileOnTheServerIsRefusedUnread() async throws {
        try await ServerHarness.run { server in
            let sec = try server.token(for: "sec")
            let framework = try Self.text("minimal-standards-v1.xml")
            _ = try await server.send("POST", "/api/v1/frameworks", token: sec, json: ["source": framework])
            let workflow = try Self.text("minimal-accreditation.scxml").replacingOccurrences(
                of: "  <state id=\"application\">",
                with: "  <datamodel><data id=\"leak\" src=\"/etc/passwd\"/></datamodel>\n  <state id=\"application\">")
            let refused = try await server.send("POST", "/api/v1/workflows", token: sec, json: ["source": workflow])
            #expect(refused.status == 422)
            #expect(refused.json["code"] as? String == "definition.invalid")
            let findings = refused.json["findings"] as? [[String: Any]] ?? []
            #expect(findings.contains { $0["rule"] as? String == "definition.external-source" })
            #expect(!String(decoding: refused.body, as: UTF8.self).contains("root:"))
        }
    }

    @Test func badDefinitionsAreProblemsWithEveryFinding() async throws {
        try await ServerHarness.run { server in
            let sec = try server.token(for: "sec")
            let broken = try await server.send(
                "POST", "/api/v1/frameworks", token: sec, json: ["source": "<framework", "file": "broken.xml"])
            #expect(broken.status == 422)
            let findings = broken.json["findings"] as? [[String: Any]] ?? []
            #expect(!findings.isEmpty)
            #expect(findings.allSatisfy { $0["file"] as? String == "broken.xml" && $0["line"] is Int })
            let huge = try await server.send(
                "POST", "/api/v1/frameworks", token: sec,
                json: ["source": String(repeating: "a", count: CaseDesk.maximumDefinitionBytes + 1)])
            #expect(huge.status == 413)
            let noSource = try await server.send("POST", "/api/v1/workflows", token: sec, json: ["file": "x.scxml"])
            #expect(noSource.status == 422)
            let badFramework = try await server.send(
                "POST", "/api/v1/workflows", token: sec, json: ["source": "<scxml/>", "framework": "not an object"])
            #expect(badFramework.status == 422)
        }
    }
}

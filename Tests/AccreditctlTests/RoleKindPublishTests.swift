import Foundation
import PostgresTestSupport
import Testing

/// `workflow publish` keeps each role to one kind across every published workflow.
struct RoleKindPublishTests {
    /// A small workflow on the shipped framework that declares the shipped role `assessor` with `kind`.
    static func workflow(assessorKind kind: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <scxml xmlns="http://www.w3.org/2005/07/scxml" xmlns:acc="urn:accredit:workflow:1" version="1.0"
            name="quick-review" acc:version="1" acc:framework="patient-safety-standards"
            acc:framework-version="1" datamodel="accredit" initial="open">
          <acc:role id="assessor" kind="\(kind)"/>
          <acc:role id="secretariat" kind="administrator"/>
          <state id="open">
            <transition event="team.assign" acc:action="assign" acc:roles="secretariat"/>
            <transition event="review.finish" acc:action="evaluate" target="done" acc:roles="assessor"/>
          </state>
          <final id="done"/>
        </scxml>
        """
    }

    @Test func aRoleDeclaredWithAnotherKindThanAPublishedWorkflowIsRefused() async throws {
        try await CLIRunner.withWorld { cli in
            let file = cli.directory + "/quick-review.scxml"
            try TestFiles.write(Array(Self.workflow(assessorKind: "decider").utf8), to: file)
            let refused = try cli.run(["workflow", "publish", "--as", "sec", file])
            #expect(refused.status == 1)
            #expect(
                refused.stderr == """
                    error: refused by workflow.role-kind-clash: workflow quick-review@1 declares role assessor with \
                    kind decider, but the published workflow patient-safety-accreditation@1 declares it with kind \
                    evaluator; a role keeps one kind in every workflow (every rule about people follows it): write \
                    <acc:role id="assessor" kind="evaluator"/> as patient-safety-accreditation@1 does, or give the \
                    role another name

                    """)

            try TestFiles.write(Array(Self.workflow(assessorKind: "evaluator").utf8), to: file)
            let published = try cli.ok(["workflow", "publish", "--as", "sec", file])
            // "published", not "already published": the refused file was not stored.
            #expect(published.stdout == "published workflow quick-review@1\n")
        }
    }
}

import Foundation
import PostgresTestSupport
import Testing

/// What the definition tools print, run as a user runs them: `validate` says what it checked, `simulate` says
/// when it stopped a runaway, and a guard with a bare `&&` gets one diagnostic.
struct DefinitionCommandOutputTests {
    static let workflow = CLIRunner.repository + "/Definitions/workflows/patient-safety-accreditation.scxml"
    static let framework = CLIRunner.repository + "/Definitions/frameworks/patient-safety-standards-v1.xml"

    static func withFiles<T>(_ body: (CLIRunner) async throws -> T) async throws -> T {
        try await TestFiles.withTemporaryDirectory { dir in try await body(CLIRunner(conninfo: "", directory: dir)) }
    }

    @Test func workflowValidateSaysWhatItCheckedInTextAndJSON() async throws {
        try await Self.withFiles { cli in
            let text = try cli.run(["workflow", "validate", Self.workflow])
            #expect(text.status == 0)
            #expect(text.stderr.isEmpty)
            #expect(
                text.stdout
                    == "ok: workflow patient-safety-accreditation@1 (\(Self.workflow)): XSD accredit-scxml.xsd, "
                    + "23 static checks, 52 states, 130 transitions, 6 roles (applicant, secretariat, assessor, "
                    + "lead-assessor, decision-maker, auditor), criteria checked against patient-safety-standards@1\n")
            let json = try cli.run(["workflow", "validate", "--json", Self.workflow])
            #expect(json.status == 0)
            let object = try json.json()
            #expect(object["valid"] as? Bool == true)
            let checked = try #require(object["checked"] as? [String: Any])
            #expect(checked["name"] as? String == "patient-safety-accreditation")
            #expect(checked["staticChecks"] as? Int == 23)
            #expect((checked["counts"] as? [String: Int]) == ["states": 52, "transitions": 130])
            #expect(checked["checkedAgainst"] as? [String] == ["patient-safety-standards@1"])
        }
    }

    @Test func aBrokenFileGetsNoOkLineAndItsDiagnosticsInJSON() async throws {
        try await Self.withFiles { cli in
            let file = try cli.evidenceFile(
                "and.scxml",
                """
                <scxml xmlns="http://www.w3.org/2005/07/scxml" initial="a">
                  <state id="a"><transition event="go" cond="x > 0 && ready" target="a"/></state>
                </scxml>
                """)
            let text = try cli.run(["workflow", "validate", file])
            #expect(text.status == 2)
            #expect(text.stdout.isEmpty)
            #expect(
                text.stderr
                    == "\(file):2:40: error: xml.unescaped-attribute: cond=\"x > 0 && ready\" holds '&&', which XML "
                    + "does not allow in an attribute: write '&&' as '&amp;&amp;', as in "
                    + "cond=\"x > 0 &amp;&amp; ready\"\n")
            let json = try cli.run(["workflow", "validate", "--json", file])
            #expect(json.status == 2)
            let object = try json.json()
            #expect(object["valid"] as? Bool == false)
            #expect(object["checked"] is NSNull)
            let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
            #expect(diagnostics.map { $0["rule"] as? String } == ["xml.unescaped-attribute"])
        }
    }

    @Test func frameworkValidateSaysWhatItChecked() async throws {
        try await Self.withFiles { cli in
            let text = try cli.run(["framework", "validate", Self.framework])
            #expect(text.status == 0)
            #expect(
                text.stdout
                    == "ok: framework patient-safety-standards@1 (\(Self.framework)): XSD framework.xsd, 15 static "
                    + "checks, 6 foundations, 18 standards, 36 criteria, 13 mandatory criteria, 4 rating levels, "
                    + "3 outcomes, 2 award outcomes, 10 award rules, 5 dry-run assessments\n")
            let json = try cli.run(["framework", "validate", "--json", Self.framework]).json()
            let checked = try #require(json["checked"] as? [String: Any])
            #expect(checked["kind"] as? String == "framework")
            #expect((checked["counts"] as? [String: Int])?["criteria"] == 36)
        }
    }

    @Test func simulateSaysItStoppedARunawayAndExitsOne() async throws {
        try await Self.withFiles { cli in
            let file = try cli.evidenceFile(
                "loop.scxml",
                """
                <scxml xmlns="http://www.w3.org/2005/07/scxml" initial="a">
                  <state id="a"><transition target="b"/></state>
                  <state id="b"><transition target="a"/></state>
                </scxml>
                """)
            let text = try cli.run(["workflow", "simulate", file])
            #expect(text.status == 1)
            #expect(
                text.stdout.hasSuffix(
                    "stopped: a runaway after 100000 microsteps in one macrostep: an eventless or raised-event loop "
                        + "never becomes stable\n"))
            #expect(!text.stdout.contains("final:"))
            let json = try cli.run(["workflow", "simulate", "--json", file])
            #expect(json.status == 1)
            let last = try #require(json.stdout.split(separator: "\n").last)
            #expect(last.contains(#""microsteps":100000"#) && last.contains(#""status":"runaway""#))
        }
    }
}

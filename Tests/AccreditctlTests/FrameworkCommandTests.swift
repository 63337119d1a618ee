import ArgumentParser
import Testing

@testable import accreditctl

struct FrameworkCommandTests {
    static let definitions = CLIRunner.repository + "/Definitions/frameworks/"

    @Test func validateHelpIsPinned() {
        let help = Accreditctl.helpMessage(for: Accreditctl.FrameworkValidate.self, columns: 100)
        #expect(
            help == """
                OVERVIEW: Check framework and crosswalk files against the schema and the static checks.

                Prints every problem as file:line:column: severity: rule: message, one per line, on stderr, and for
                each file without errors what was checked on stdout ('ok: framework NAME@VERSION (FILE): XSD …, N
                static checks, F foundations, …'). With --json, one JSON line per file on stdout instead (schema in
                docs/cli.md). Exits 0 when no file has an error (warnings are printed but do not fail), 2
                otherwise. A crosswalk is checked against the two frameworks its from-href and to-href name.

                Examples:
                  accreditctl framework validate my-framework.xml
                  accreditctl framework validate Definitions/frameworks/*.xml

                USAGE: accreditctl framework validate [--json] <files> ...

                ARGUMENTS:
                  <files>                 The framework or crosswalk files to check.

                OPTIONS:
                  --json                  Print JSON instead of text (schema in docs/cli.md).
                  --version               Show the version.
                  -h, --help              Show help information.

                """)
    }

    @Test func showAndGroupHelpNameTheirExamples() {
        let show = Accreditctl.helpMessage(for: Accreditctl.FrameworkShow.self, columns: 100)
        #expect(show.contains("USAGE: accreditctl framework show [--json] <file>"))
        #expect(show.contains("accreditctl framework show patient-safety-standards-v1.xml"))
        #expect(show.contains("--json                  Print JSON instead of text (schema in docs/cli.md)."))
        let group = Accreditctl.helpMessage(for: Accreditctl.Framework.self, columns: 100)
        #expect(group.contains("validate"))
        #expect(group.contains("show"))
        #expect(group.contains("accreditctl framework validate Definitions/frameworks/*.xml"))
    }

    @Test func validateNeedsAFile() {
        #expect(throws: (any Error).self) { try Accreditctl.FrameworkValidate.parse([]) }
    }

    @Test func validateExitsZeroOnTheShippedFiles() throws {
        let command = try Accreditctl.FrameworkValidate.parse([
            Self.definitions + "patient-safety-standards-v1.xml", Self.definitions + "crosswalk-v1-v2.xml",
        ])
        #expect(throws: Never.self) { try command.run() }
    }

    @Test func validateExitsTwoOnAMissingFile() throws {
        let command = try Accreditctl.FrameworkValidate.parse(["/nonexistent/framework.xml"])
        let error = #expect(throws: ExitCode.self) { try command.run() }
        #expect(error == ExitCode(2))
    }

    @Test func outlineMarksMandatoryCriteriaAndCountsEvidence() throws {
        let path = Self.definitions + "patient-safety-standards-v1.xml"
        let text = try Accreditctl.FrameworkShow.parse([path]).rendered()
        #expect(text.contains("SL  Shared learning"))
        #expect(text.contains("   *SL-1.1  [3 evidence items]"))
        #expect(text.contains("10. all-requirements-met -> accredited when true"))
        let json = try Accreditctl.FrameworkShow.parse(["--json", path]).rendered()
        #expect(json.hasPrefix("{\"awardRules\":"))
    }

    @Test func showExitsTwoOnACrosswalk() throws {
        let command = try Accreditctl.FrameworkShow.parse([Self.definitions + "crosswalk-v1-v2.xml"])
        let error = #expect(throws: ExitCode.self) { try command.run() }
        #expect(error == ExitCode(2))
    }
}

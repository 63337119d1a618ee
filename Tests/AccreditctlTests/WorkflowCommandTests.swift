import ArgumentParser
import Testing

@testable import accreditctl

struct WorkflowCommandTests {
    static let shipped = CLIRunner.repository + "/Definitions/workflows/patient-safety-accreditation.scxml"

    @Test func validateHelpIsPinned() {
        let help = Accreditctl.helpMessage(for: Accreditctl.Workflow.Validate.self, columns: 100)
        #expect(
            help == """
                OVERVIEW: Check workflow files against the schema and the static checks.

                Prints every problem as file:line:column: severity: rule: message, one per line, on stderr, and for
                each file without errors what was checked on stdout ('ok: workflow NAME@VERSION (FILE): XSD …, N
                static checks, M states, K transitions, roles …'). With --json, one JSON line per file on stdout
                instead (schema in docs/cli.md). Exits 0 when no file has an error (warnings are printed but do not
                fail), 2 otherwise. Criteria ids are checked against the framework named by acc:framework, looked
                up in ../frameworks/ or beside the workflow, or given with --framework.

                Examples:
                  accreditctl workflow validate \\
                    Definitions/workflows/patient-safety-accreditation.scxml
                  accreditctl workflow validate --framework my-framework.xml my-workflow.scxml

                USAGE: accreditctl workflow validate [--json] [--framework <framework>] <files> ...

                ARGUMENTS:
                  <files>                 The workflow files to check.

                OPTIONS:
                  --json                  Print JSON instead of text (schema in docs/cli.md).
                  --framework <framework> The framework file to check criteria ids against.
                  --version               Show the version.
                  -h, --help              Show help information.

                """)
    }

    @Test func showAndGraphHelpNameTheirExamples() {
        let show = Accreditctl.helpMessage(for: Accreditctl.Workflow.Show.self, columns: 100)
        #expect(show.contains("USAGE: accreditctl workflow show [--json] <file>"))
        #expect(show.contains("accreditctl workflow show --json my-workflow.scxml | jq .events"))
        let graph = Accreditctl.helpMessage(for: Accreditctl.Workflow.Graph.self, columns: 100)
        #expect(graph.contains("USAGE: accreditctl workflow graph [--format <format>] <file>"))
        #expect(graph.contains("The diagram format: mermaid or dot. (values: mermaid, dot; default:"))
        #expect(graph.contains("accreditctl workflow graph --format dot my.scxml | dot -Tsvg > workflow.svg"))
        let group = Accreditctl.helpMessage(for: Accreditctl.Workflow.self, columns: 100)
        for name in ["validate", "show", "graph", "simulate"] { #expect(group.contains("  \(name) ")) }
    }

    @Test func validateExitsZeroOnTheShippedWorkflow() throws {
        let command = try Accreditctl.Workflow.Validate.parse([Self.shipped])
        #expect(throws: Never.self) { try command.run() }
    }

    @Test func validateExitsTwoOnAMissingFile() throws {
        let command = try Accreditctl.Workflow.Validate.parse(["/nonexistent/workflow.scxml"])
        let error = #expect(throws: ExitCode.self) { try command.run() }
        #expect(error == ExitCode(2))
    }

    @Test func validateNeedsAFile() {
        #expect(throws: (any Error).self) { try Accreditctl.Workflow.Validate.parse([]) }
    }

    @Test func showListsStatesEventsRolesAndDeadlines() throws {
        let text = try Accreditctl.Workflow.Show.parse([Self.shipped]).rendered()
        #expect(text.hasPrefix("workflow: patient-safety-accreditation@1 sha256:"))
        #expect(text.contains("\n      screening (parallel)\n"))
        #expect(text.contains("  decision.record         [decision-maker] from decision if "))
        #expect(text.contains("  evidence-open: deadline.evidence after P90D\n"))
        let json = try Accreditctl.Workflow.Show.parse(["--json", Self.shipped]).rendered()
        #expect(json.hasPrefix("{\"deadlines\":"))
        #expect(json.contains("\"identity\":{\"name\":\"patient-safety-accreditation\""))
    }

    @Test func graphRendersBothFormats() throws {
        let mermaid = try Accreditctl.Workflow.Graph.parse([Self.shipped]).rendered()
        #expect(mermaid.hasPrefix("stateDiagram-v2\n"))
        let dot = try Accreditctl.Workflow.Graph.parse(["--format", "dot", Self.shipped]).rendered()
        #expect(dot.hasPrefix("digraph workflow {\n"))
        #expect(throws: (any Error).self) { try Accreditctl.Workflow.Graph.parse(["--format", "png", Self.shipped]) }
    }
}

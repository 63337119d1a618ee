import AccreditEngine
import Foundation
import PostgresTestSupport
import Testing

/// The minimal example scheme in `Definitions/examples/minimal/` validates, publishes beside the shipped scheme, and
/// is shown byte for byte in docs/workflow-language.md.
struct ExampleSchemeTests {
    static let folder = CLIRunner.repository + "/Definitions/examples/minimal/"
    static let workflow = folder + "minimal-accreditation.scxml"
    static let framework = folder + "minimal-standards-v1.xml"

    @Test func theExampleValidatesWithoutWarnings() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            let cli = CLIRunner(conninfo: "", directory: dir)
            let framework = try cli.run(["framework", "validate", Self.framework])
            #expect(framework.status == 0)
            #expect(framework.stderr.isEmpty)
            #expect(framework.stdout.hasPrefix("ok: framework minimal-standards@1 "))
            let workflow = try cli.run(["workflow", "validate", Self.workflow])
            #expect(workflow.status == 0)
            #expect(workflow.stderr.isEmpty)
            #expect(workflow.stdout.hasPrefix("ok: workflow minimal-accreditation@1 "))
            #expect(workflow.stdout.hasSuffix("criteria checked against minimal-standards@1\n"))
        }
    }

    @Test func theExamplePublishesBesideTheShippedScheme() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.ok(["framework", "publish", "--as", "sec", Self.framework])
            let published = try cli.ok(["workflow", "publish", "--as", "sec", Self.workflow])
            #expect(published.stdout == "published workflow minimal-accreditation@1\n")
            // The example's administrators are called office; the shipped secretariat is not one of its roles.
            try cli.ok(["actor", "add", "off", "--name", "Off", "--role", "office", "--as", "sec"])
            let opened = try cli.ok([
                "case", "open", "M-1", "--organisation", "riverside", "--workflow", "minimal-accreditation@1",
                "--as", "off",
            ])
            #expect(opened.stdout.contains("M-1"))
        }
    }

    /// Every block marked `<!-- file: PATH -->` in the doc is that file, and both example files are shown.
    @Test func theDocShowsTheFilesAsTheyAre() throws {
        let doc = try String(
            contentsOfFile: CLIRunner.repository + "/docs/workflow-language.md", encoding: .utf8)
        var shown: [String: String] = [:]
        let lines = doc.components(separatedBy: "\n")
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            guard line.hasPrefix("<!-- file: "), line.hasSuffix(" -->") else { continue }
            let path = String(line.dropFirst("<!-- file: ".count).dropLast(" -->".count))
            guard index < lines.count, lines[index].hasPrefix("```") else {
                Issue.record("no code block after the marker for \(path)")
                continue
            }
            index += 1
            var block: [String] = []
            while index < lines.count, lines[index] != "```" {
                block.append(lines[index])
                index += 1
            }
            shown[path] = block.joined(separator: "\n") + "\n"
        }
        #expect(
            Set(shown.keys) == [
                "Definitions/examples/minimal/minimal-accreditation.scxml",
                "Definitions/examples/minimal/minimal-standards-v1.xml",
            ])
        for (path, text) in shown {
            let file = try String(contentsOfFile: CLIRunner.repository + "/" + path, encoding: .utf8)
            #expect(text == file, "docs/workflow-language.md shows \(path) differently from the file")
        }
    }

    /// The doc names every host function the checker accepts, and every extension attribute the checker allows.
    @Test func theDocNamesEveryHostFunctionAndExtensionAttribute() throws {
        let doc = try String(
            contentsOfFile: CLIRunner.repository + "/docs/workflow-language.md", encoding: .utf8)
        for function in CaseHostFunctions.names + ["In"] {
            #expect(doc.contains("| `\(function)("), "\(function) is not in the host function table")
        }
        for attribute in ["acc:version", "acc:framework", "acc:framework-version", "acc:roles", "acc:action"] {
            #expect(doc.contains("| `\(attribute)` |"), "\(attribute) is not in the extension table")
        }
        #expect(doc.contains("| `<acc:role id=\"…\" kind=\"…\"/>` |"))
    }
}

import ArgumentParser
import Foundation
import Testing

@testable import accreditctl

/// `--json` is one option with one help text, and docs/cli.md gives the JSON of every command that takes it.
struct OutputOptionsTests {
    /// The help of every leaf command, by its path (such as `case fire`, read from its usage line).
    static let helps: [(path: String, help: String)] = leaves(of: Accreditctl.self).map { command in
        let help = Accreditctl.helpMessage(for: command, columns: 1_000)
        let usage = help.split(separator: "\n").first { $0.hasPrefix("USAGE: accreditctl ") } ?? ""
        let words = usage.dropFirst("USAGE: accreditctl ".count).split(separator: " ")
        let path = words.prefix { !$0.hasPrefix("[") && !$0.hasPrefix("<") && !$0.hasPrefix("-") }
        return (path.joined(separator: " "), help)
    }

    static func leaves(of command: any ParsableCommand.Type) -> [any ParsableCommand.Type] {
        let subcommands = command.configuration.subcommands
        return subcommands.isEmpty ? [command] : subcommands.flatMap { leaves(of: $0) }
    }

    /// The commands that take `--json`.
    static let withJSON = helps.filter { $0.help.contains("\n  --json ") }.map(\.path)

    /// The one help text.
    static let help = "Print JSON instead of text (schema in docs/cli.md)."

    @Test func everyJSONOptionHasTheSameHelp() {
        for (path, help) in Self.helps {
            for line in help.split(separator: "\n") where line.hasPrefix("  --json") {
                #expect(line == "  --json" + String(repeating: " ", count: 18) + Self.help, "\(path)")
            }
        }
        #expect(Self.withJSON.count == 78, "\(Self.withJSON)")
        #expect(Self.withJSON.contains("workflow simulate") && Self.withJSON.contains("case fire"))
    }

    @Test func docsGiveTheJSONOfEveryCommandThatPrintsIt() throws {
        let docs = try String(contentsOfFile: CLIRunner.repository + "/docs/cli.md", encoding: .utf8)
        let schemas = try #require(docs.range(of: "## JSON schemas")).upperBound
        for path in Self.withJSON {
            #expect(docs[schemas...].contains("`\(path)`"), "docs/cli.md has no JSON schema for \(path)")
        }
    }
}

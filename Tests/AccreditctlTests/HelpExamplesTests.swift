import ArgumentParser
import Testing

@testable import accreditctl

/// Every example in every command's `--help` can be copied and pasted: at 80 columns (the width help is wrapped
/// at when output is not a terminal) no example command is broken across lines, except by a shell continuation
/// (a line ending in ` \`).
struct HelpExamplesTests {
    /// Every command and subcommand, depth first.
    static let commands: [any ParsableCommand.Type] = {
        var all: [any ParsableCommand.Type] = []
        func walk(_ command: any ParsableCommand.Type) {
            all.append(command)
            for child in command.configuration.subcommands { walk(child) }
        }
        walk(Accreditctl.self)
        return all
    }()

    /// The lines of a help text's `Examples:` block.
    static func examples(_ help: String) -> [Substring] {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(of: "Examples:") else { return [] }
        return Array(lines[(start + 1)...].prefix { !$0.isEmpty })
    }

    @Test func everyExampleLineIsACommandOrAShellContinuation() {
        var broken: [String] = []
        for command in Self.commands {
            let help = Accreditctl.helpMessage(for: command, columns: 80)
            var continues = false
            for line in Self.examples(help) {
                let isContinuation = line.hasPrefix("    ")
                if !line.hasPrefix("  ") || isContinuation != continues {
                    broken.append("\(command.configuration.commandName ?? "\(command)"): '\(line)'")
                }
                continues = line.hasSuffix(" \\")
            }
        }
        #expect(broken == [])
    }

    @Test func theCommandsWithExamplesAreMany() {
        #expect(
            Self.commands.filter { !Self.examples(Accreditctl.helpMessage(for: $0, columns: 80)).isEmpty }.count > 30)
    }
}

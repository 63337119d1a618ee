import ArgumentParser
import Foundation
import PostgresTestSupport
import Testing

@testable import accreditctl

struct AccreditctlTests {
    @Test func helpNamesTheToolAndItsConfiguration() {
        let help = Accreditctl.helpMessage()
        #expect(help.contains("OVERVIEW: Run patient safety accreditation cases"))
        #expect(help.contains("USAGE: accreditctl"))
        #expect(help.contains("ACCREDIT_DATABASE_URL"))
        #expect(help.contains("--version"))
    }

    @Test func theBinaryPrintsTheDocumentedVersion() async throws {
        // docs/cli.md states the release; the built binary must print it, from the root and after any command.
        let docs = try String(contentsOfFile: CLIRunner.repository + "/docs/cli.md", encoding: .utf8)
        let stated = try #require(docs.firstMatch(of: /This is version (\d+\.\d+\.\d+):/)?.1)
        try await TestFiles.withTemporaryDirectory { directory in
            let cli = CLIRunner(conninfo: "", directory: directory)
            for arguments in [["--version"], ["case", "fire", "--version"], ["workflow", "--version"]] {
                let run = try cli.run(arguments)
                #expect(run.status == 0, "\(arguments): \(run.stderr)")
                #expect(run.stdout == stated + "\n", "\(arguments)")
                #expect(run.stderr.isEmpty, "\(arguments)")
            }
        }
    }

    @Test func printedDataCannotDriveTheTerminal() {
        #expect(Output.printable("Riverside") == "Riverside")
        #expect(Output.printable("\u{1b}[31mred\u{1b}[0m") == "\\u{1B}[31mred\\u{1B}[0m")
        #expect(Output.printable("a\r\nb\u{7}") == "a\\u{D}\\u{A}b\\u{7}")
        #expect(Output.printable("\u{202E}gnp.exe") == "\\u{202E}gnp.exe")
        #expect(Output.printable("line one\n\tline two", keepingLayout: true) == "line one\n\tline two")
        #expect(Output.printable("Zoë 👩🏽‍⚕️ مرحبا") == "Zoë 👩🏽‍⚕️ مرحبا")
    }
}

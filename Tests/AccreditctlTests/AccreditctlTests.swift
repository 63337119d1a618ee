import ArgumentParser
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

    @Test func versionIsSemantic() {
        let parts = Accreditctl.version.split(separator: ".")
        #expect(parts.count == 3)
        #expect(parts.allSatisfy { Int($0) != nil })
        #expect(Accreditctl.configuration.version == Accreditctl.version)
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

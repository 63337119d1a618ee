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
}

import ArgumentParser
import Testing

@testable import accreditctl

struct AuditCommandTests {
    @Test func verifyHelpStatesOutputAndExitCodes() {
        let help = Accreditctl.helpMessage(for: Accreditctl.Audit.Verify.self, columns: 100)
        #expect(help.contains("OVERVIEW: Check that case histories are complete and unaltered, and evidence files"))
        #expect(help.contains("Prints each problem as 'case C seq N:"))
        #expect(help.contains("Exits 0 when clean, 1 on any finding."))
        #expect(help.contains("--since needs --trusted-key"))
        #expect(
            help.contains("USAGE: accreditctl audit verify [--as <id>] [--json] [<case-id>] [--all] [--since <since>]"))
        #expect(help.contains("accreditctl audit verify --as aud --all --since checkpoint.json \\"))
    }

    @Test func checkpointAndGroupHelpNameTheirExamples() {
        let checkpoint = Accreditctl.helpMessage(for: Accreditctl.Audit.CheckpointCommand.self, columns: 100)
        #expect(checkpoint.contains("USAGE: accreditctl audit checkpoint [--as <id>] [--json] --out <out>"))
        #expect(checkpoint.contains("ACCREDIT_HOME/keys/signing-key"))
        let group = Accreditctl.helpMessage(for: Accreditctl.Audit.self, columns: 100)
        #expect(group.contains("accreditctl audit verify --all --as aud --since checkpoint-2026-06-30.json"))
    }

    @Test(arguments: [
        ["audit", "verify"], ["audit", "verify", "C-1", "--all"],
        ["audit", "verify", "--all", "--trusted-key", "abc"],
    ])
    func verifyRefusesAmbiguousOrMalformedArguments(arguments: [String]) {
        #expect(throws: (any Error).self) { try Accreditctl.parseAsRoot(arguments) }
    }

    @Test func verifyAcceptsACaseOrAll() throws {
        #expect(try Accreditctl.parseAsRoot(["audit", "verify", "C-1"]) is Accreditctl.Audit.Verify)
        let all = try Accreditctl.parseAsRoot([
            "audit", "verify", "--all", "--since", "cp.json", "--trusted-key", String(repeating: "ab", count: 32),
        ])
        #expect((all as? Accreditctl.Audit.Verify)?.since == "cp.json")
    }
}

import Foundation
import Testing

/// Every role against every command that names an actor, with the expected allow or refuse. The expectations are
/// written out here from docs/cli.md ("Who may do what") and the shipped workflow's `acc:roles`, not derived from
/// the code under test. Riverside's cases are C-1 (in desk review) and C-2 (open for evidence); hal is Hillside's
/// applicant and must never see or change them.
@Suite(.serialized) struct AccessMatrixTests {
    /// The cast, one actor per role (ann and hal are applicants of riverside and hillside).
    static let roles = ["sec", "ann", "hal", "alice", "lee", "dana", "aud"]
    static let staff: Set<String> = ["sec", "alice", "lee", "dana", "aud"]
    static let caseReaders = staff.union(["ann"])

    /// One row of the matrix: a command (with `ROLE` standing for the acting actor's id) and who may run it.
    struct Row {
        var arguments: [String]
        var allowed: Set<String>
    }

    static func reads(_ directory: String) -> [Row] {
        [
            Row(arguments: ["org", "list"], allowed: Set(roles)),
            Row(arguments: ["org", "show", "riverside"], allowed: caseReaders),
            Row(arguments: ["actor", "list"], allowed: Set(roles)),
            Row(arguments: ["coi", "list"], allowed: staff),
            Row(arguments: ["case", "list"], allowed: Set(roles)),
            Row(arguments: ["case", "show", "C-1"], allowed: caseReaders),
            Row(arguments: ["case", "next", "C-1"], allowed: caseReaders),
            Row(arguments: ["evidence", "list", "C-1"], allowed: caseReaders),
            Row(arguments: ["evidence", "show", "C-1", "E-1"], allowed: caseReaders),
            Row(
                arguments: ["evidence", "get", "C-1", "E-1", "--out", directory + "/got-ROLE", "--force"],
                allowed: caseReaders),
            Row(arguments: ["review", "summary", "C-1"], allowed: caseReaders),
            Row(arguments: ["history", "C-1"], allowed: caseReaders),
            Row(arguments: ["replay", "C-1"], allowed: caseReaders),
            Row(arguments: ["audit", "verify", "C-1"], allowed: caseReaders),
            Row(arguments: ["audit", "export", "C-1", "--out", directory + "/bundle-ROLE.json"], allowed: caseReaders),
            Row(arguments: ["audit", "verify", "--all"], allowed: ["sec", "aud"]),
            Row(arguments: ["audit", "checkpoint", "--out", directory + "/cp-ROLE.json"], allowed: ["sec", "aud"]),
            Row(arguments: ["evidence", "fsck"], allowed: ["sec", "aud"]),
            Row(arguments: ["report"], allowed: ["sec", "aud", "dana"]),
            Row(arguments: ["timers", "fire", "--case", "C-1"], allowed: ["sec"]),
            Row(
                arguments: [
                    "framework", "publish",
                    CLIRunner.repository
                        + "/Definitions/frameworks/patient-safety-standards-v1.xml",
                ], allowed: ["sec"]),
        ]
    }

    /// Commands that change something; refused roles run first, then each allowed role (which must succeed).
    static func writes(_ file: String) -> [Row] {
        [
            Row(arguments: ["case", "open", "--organisation", "riverside"], allowed: ["sec", "ann"]),
            // Only an administrator chooses a case's id (access.case-id): a taken id must tell an applicant nothing.
            Row(arguments: ["case", "open", "C-ROLE", "--organisation", "riverside"], allowed: ["sec"]),
            Row(
                arguments: ["evidence", "upload", "C-2", file, "--criterion", "SL-1.1", "--item", "1"], allowed: ["ann"]
            ),
            Row(arguments: ["review", "rate", "C-1", "SL-1.1", "met"], allowed: ["alice", "lee"]),
            Row(arguments: ["evidence", "accept", "C-1", "E-ROLE"], allowed: ["alice", "lee"]),
            // Evidence events sent bare (no file, no evidence row) are refused to everyone: replay would not stand
            // behind them.
            Row(
                arguments: ["case", "fire", "C-1", "evidence.accept", "--data", "{\"evidence\":\"E-ROLE\"}"],
                allowed: []),
            Row(arguments: ["org", "register", "org-ROLE", "--name", "Org"], allowed: ["sec"]),
            Row(arguments: ["actor", "add", "new-ROLE", "--name", "New", "--role", "assessor"], allowed: ["sec"]),
            Row(
                arguments: [
                    "coi", "declare", "--actor", "carl", "--organisation", "hillside", "--from", "2024-01-01",
                    "--reason", "ROLE says so",
                ], allowed: ["sec"]),
            // Each allowed role suspends its own case (dana C-1, everyone else C-2), so the second is not refused by state.
            Row(arguments: ["case", "fire", "C-SUSPEND", "case.suspend"], allowed: ["sec", "dana"]),
        ]
    }

    @Test func everyRoleAgainstEveryCommand() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toReview()
            try cli.toEvidence("C-2")
            let file = try cli.evidenceFile("matrix.csv", "criterion,evidence\nSL-1.1,matrix\n")
            var checked = 0
            var matched = 0
            for row in Self.reads(cli.directory) {
                for role in Self.roles {
                    if try Self.expect(cli, row, role) { matched += 1 }
                    checked += 1
                }
            }
            for row in Self.writes(file) {
                for role in Self.roles where !row.allowed.contains(role) {
                    if try Self.expect(cli, row, role) { matched += 1 }
                    checked += 1
                }
                for role in Self.roles.filter(row.allowed.contains) {
                    if try Self.expect(cli, row, role) { matched += 1 }
                    checked += 1
                }
            }
            ReliabilityScale.report(
                "access-matrix",
                "\(checked) role × command checks (\(Self.roles.count) roles), \(matched) as expected")
        }
    }

    /// Runs a row as a role and checks allow (exit 0) or refuse (exit 1, rule named).
    /// - Returns: Whether the outcome was the expected one (each mismatch is also recorded as a test issue).
    @discardableResult
    static func expect(_ cli: CLIRunner, _ row: Row, _ role: String) throws -> Bool {
        let evidence = ["alice": "1", "lee": "2"][role] ?? "3"
        let arguments =
            row.arguments.map {
                $0.replacingOccurrences(of: "E-ROLE", with: "E-\(evidence)")
                    .replacingOccurrences(of: "C-SUSPEND", with: role == "dana" ? "C-1" : "C-2")
                    .replacingOccurrences(of: "ROLE", with: role)
            } + ["--as", role]
        let result = try cli.run(arguments)
        if row.allowed.contains(role) {
            #expect(result.status == 0, "\(role) may run \(arguments): \(result.stderr)")
            return result.status == 0
        } else {
            #expect(result.status == 1, "\(role) may not run \(arguments): exit \(result.status) \(result.stderr)")
            #expect(result.stderr.hasPrefix("error: refused by "), "\(arguments): \(result.stderr)")
            if role == "hal", arguments.contains(where: { $0 == "C-1" || $0 == "C-2" || $0 == "riverside" }) {
                // Hillside's applicant is stopped by an access rule (the organisation, or a capability), never
                // merely by the workflow's state.
                #expect(result.stderr.hasPrefix("error: refused by access."), "\(result.stderr)")
            }
            return result.status == 1 && result.stderr.hasPrefix("error: refused by ")
        }
    }

    @Test func anApplicantNeverSeesAnotherOrganisationsCasesOrEvidence() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toEvidence()
            let file = try cli.evidenceFile("secret.csv", "criterion,evidence\nSL-1.1,riverside-secret\n")
            try cli.ok(["evidence", "upload", "C-1", file, "--criterion", "SL-1.1", "--item", "1", "--as", "ann"])
            let listed = try cli.ok(["case", "list", "--as", "hal", "--json"]).stdout
            #expect(!listed.contains("C-1"))
            #expect(try cli.ok(["case", "list", "--as", "ann", "--json"]).stdout.contains("C-1"))
            let other = try cli.run(["case", "list", "--organisation", "riverside", "--as", "hal"])
            #expect(other.stderr.hasPrefix("error: refused by access.organisation"))
            for arguments in [
                ["evidence", "get", "C-1", "E-1", "--out", cli.directory + "/stolen.csv"],
                ["audit", "export", "C-1", "--out", cli.directory + "/stolen.json", "--with-files"],
                ["history", "C-1", "--json"], ["replay", "C-1", "--json"], ["review", "summary", "C-1"],
            ] {
                let result = try cli.run(arguments + ["--as", "hal"])
                #expect(result.status == 1, "\(arguments): \(result.stderr)")
                #expect(!result.stdout.contains("riverside-secret") && !result.stdout.contains("secret.csv"))
            }
            #expect(!FileManager.default.fileExists(atPath: cli.directory + "/stolen.csv"))
            #expect(!FileManager.default.fileExists(atPath: cli.directory + "/stolen.json"))
        }
    }

    @Test func anActorBoundToADatabaseLoginCannotBeUsedFromAnother() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toEvidence()
            try cli.ok([
                "actor", "add", "bob", "--name", "Bob", "--role", "assessor", "--db-login", "bob_login", "--as", "sec",
            ])
            for arguments in [
                ["case", "show", "C-1"], ["history", "C-1"], ["org", "list"],
                ["review", "rate", "C-1", "SL-1.1", "met"],
            ] {
                let result = try cli.run(arguments + ["--as", "bob"])
                #expect(result.status == 1, "\(arguments): \(result.stderr)")
                #expect(result.stderr.hasPrefix("error: refused by access.database-login"), "\(result.stderr)")
            }
        }
    }
}

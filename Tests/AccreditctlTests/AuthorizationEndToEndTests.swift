import Foundation
import Testing

/// Each authorization rule refuses through the binary with exit 1 and its rule named on stderr.
@Suite(.serialized) struct AuthorizationEndToEndTests {
    @Test func everyRuleRefusesWithExitOneAndNamesItself() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.ok([
                "coi", "declare", "--actor", "carl", "--organisation", "riverside", "--from", "2023-01-01",
                "--until", "2025-06-30", "--reason", "consulted for the trust", "--as", "carl",
            ])
            try cli.toEvidence()
            let file = try cli.evidenceFile("policy.csv", "criterion,evidence\nSL-1.1,policy\n")
            let cases: [(arguments: [String], rule: String)] = [
                (["case", "fire", "C-1", "evidence.extend", "--as", "ann"], "workflow."),
                (
                    ["evidence", "upload", "C-1", file, "--criterion", "SL-1.1", "--item", "1", "--as", "hal"],
                    "access.organisation"
                ),
                (["case", "show", "C-1", "--as", "hal"], "access.organisation"),
                (["evidence", "list", "C-1", "--as", "hal"], "access.organisation"),
                (["case", "fire", "C-1", "case.withdraw", "--as", "aud"], "access.read-only"),
                (
                    [
                        "case", "fire", "C-1", "review.rate", "--data", #"{"criterion":"SL-1.1","rating":"met"}"#,
                        "--as", "carl",
                    ],
                    "access.not-assigned"
                ),
                (["review", "rate", "C-1", "SL-1.1", "met", "--as", "carl"], "access.not-assigned"),
                (["case", "show", "C-1", "--as", "carl"], "access.not-assigned"),
                (["case", "open", "C-2", "--organisation", "riverside", "--as", "hal"], "access.open-case"),
            ]
            for (arguments, rule) in cases {
                let result = try cli.run(arguments)
                #expect(result.status == 1, "\(arguments): \(result.stderr)")
                #expect(result.stderr.hasPrefix("error: refused by \(rule)"), "\(arguments): \(result.stderr)")
                #expect(!result.stderr.contains("Fatal error"))
            }
            let wrongRole = try cli.run(["case", "fire", "C-1", "impartiality.confirm", "--as", "ann"])
            #expect(wrongRole.status == 1)
            let roleRefusal = try cli.run(["case", "fire", "C-1", "evidence.submit", "--as", "alice"])
            #expect(roleRefusal.status == 1)
            #expect(roleRefusal.stderr.contains("workflow.role-not-allowed"), "\(roleRefusal.stderr)")
            // Reading is allowed to the auditor and to the organisation's own applicant.
            try cli.ok(["case", "show", "C-1", "--as", "aud"])
            try cli.ok(["case", "show", "C-1", "--as", "ann"])
        }
    }

    @Test func usageErrorsExitTwoAndSayWhatToDo() async throws {
        try await CLIRunner.withWorld { cli in
            let anonymous = try cli.run(["case", "show", "C-1"])
            #expect(anonymous.status == 2)
            #expect(anonymous.stderr.contains("Please say who is acting with --as ID or ACCREDIT_ACTOR."))
            let badJSON = try cli.run(["case", "fire", "C-1", "review.rate", "--data", "{nope", "--as", "alice"])
            #expect(badJSON.status == 2)
            #expect(badJSON.stderr.contains("--data"))
            let badTime = try cli.run(["case", "fire", "C-1", "application.submit", "--at", "yesterday", "--as", "ann"])
            #expect(badTime.status == 2)
            let unknownActor = try cli.run(["case", "open", "C-1", "--organisation", "riverside", "--as", "mallory"])
            #expect(unknownActor.status == 4)
            #expect(unknownActor.stderr.contains("accreditctl actor list"))
        }
    }
}

struct DirectoryAuthorizationEndToEndTests {
    @Test func onlyTheSecretariatManagesTheDirectory() async throws {
        try await CLIRunner.withWorld { cli in
            let organisation = try cli.run(["org", "register", "eastside", "--name", "Eastside", "--as", "alice"])
            #expect(organisation.status == 1)
            #expect(organisation.stderr.hasPrefix("error: refused by access.directory.write"))
            #expect(organisation.stderr.contains("needs a role of kind administrator (secretariat)"))
            let actor = try cli.run(["actor", "add", "eve", "--name", "Eve", "--role", "assessor", "--as", "ann"])
            #expect(actor.status == 1)
            let conflict = try cli.run([
                "coi", "declare", "--actor", "carl", "--organisation", "riverside", "--from", "2024-01-01", "--reason",
                "x", "--as", "alice",
            ])
            #expect(conflict.stderr.hasPrefix("error: refused by access.conflict-declaration"))
            #expect(try cli.run(["org", "register", "eastside", "--name", "Eastside"]).status == 2)
        }
    }
}

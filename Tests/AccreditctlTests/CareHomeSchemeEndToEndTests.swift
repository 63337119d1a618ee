import Foundation
import Testing

/// A second scheme, `Definitions/examples/care-home/`, driven through the binary: its own role names, outcomes,
/// rating scale, award state and a shorter lifecycle, with every protection of the shipped scheme checked.
struct CareHomeSchemeEndToEndTests {
    static let folder = CLIRunner.repository + "/Definitions/examples/care-home/"

    /// Publishes the care home scheme beside the shipped one and registers its people.
    static func publish(_ cli: CLIRunner) throws {
        try cli.ok(["framework", "publish", "--as", "sec", folder + "care-home-standards-v1.xml"])
        try cli.ok(["workflow", "publish", "--as", "sec", folder + "care-home-registration.scxml"])
        let people: [[String]] = [
            ["reg", "--role", "registry"],
            ["pia", "--role", "provider", "--organisation", "riverside"],
            ["phil", "--role", "provider", "--organisation", "hillside"],
            ["ines", "--role", "inspector"], ["ivan", "--role", "inspector"],
            ["bo", "--role", "inspector", "--role", "registration-panel"],
            ["pam", "--role", "registration-panel"], ["pat", "--role", "registration-panel"],
            ["cora", "--role", "commissioner"],
        ]
        for person in people {
            try cli.ok(
                ["actor", "add", person[0], "--name", person[0].capitalized] + person.dropFirst() + ["--as", "sec"])
        }
        for inspector in ["ines", "bo"] {
            try cli.ok([
                "competence", "record", inspector, "--framework", "care-home-standards", "--trained", "2020-01-01",
                "--until", "2099-12-31", "--as", "reg",
            ])
        }
    }

    /// The rule a refused command names, from `error: refused by RULE: …`.
    static func rule(_ result: CLIRunner.Result) -> String? {
        guard result.status == 1, result.stderr.hasPrefix("error: refused by ") else { return nil }
        return result.stderr.dropFirst("error: refused by ".count).split(separator: ":").first.map(String.init)
    }

    @Test func aCareHomeIsRegisteredWithEveryProtectionHeld() async throws {
        try await CLIRunner.withWorld { cli in
            try Self.publish(cli)
            // The registry opens the case; the framework is the one the workflow declares.
            let opened = try cli.ok([
                "case", "open", "H-1", "--organisation", "riverside", "--workflow", "care-home-registration@1",
                "--as", "reg",
            ])
            #expect(opened.stdout.hasPrefix("opened case H-1 for riverside"))
            let show = try cli.ok(["case", "show", "H-1", "--as", "reg", "--json"]).json()
            #expect(show["framework"] as? String == "care-home-standards@1")
            // The shipped scheme's administrator holds no role of this workflow, and another home's provider is
            // kept out of the case, its record and its evidence.
            #expect(
                Self.rule(try cli.run(["case", "fire", "H-1", "home.withdraw", "--as", "phil"]))
                    == "access.organisation")
            #expect(Self.rule(try cli.run(["case", "show", "H-1", "--as", "phil"])) == "access.organisation")
            #expect(Self.rule(try cli.run(["evidence", "list", "H-1", "--as", "phil"])) == "access.organisation")
            // Uploads go through the workflow's own upload event (document.add), by its declared action.
            for criterion in ["SF-1.1", "SF-1.2", "CR-1.1", "WL-1.1"] {
                let file = try cli.evidenceFile("\(criterion).pdf", "%PDF-1.4 evidence for \(criterion)\n")
                let uploaded = try cli.ok(["evidence", "upload", "H-1", file, "--criterion", criterion, "--as", "pia"])
                #expect(uploaded.stdout.hasPrefix("uploaded E-"))
            }
            #expect(
                Self.rule(try cli.run(["case", "fire", "H-1", "application.lodge.now", "--as", "pia"]))
                    == "workflow.undeclared-event")
            #expect(
                Self.rule(try cli.run(["case", "fire", "H-1", "application.lodge", "--as", "system"]))
                    == "access.system")
            try cli.ok(["case", "fire", "H-1", "application.lodge", "--as", "pia"])
            // The commissioner reads and changes nothing.
            #expect(try cli.run(["case", "show", "H-1", "--as", "cora"]).status == 0)
            #expect(Self.rule(try cli.run(["evidence", "accept", "H-1", "E-1", "--as", "cora"])) == "access.read-only")
            // Only inspectors the registry assigns inspect, through the workflow's own assignment event; Ivan has
            // no training record for this framework and cannot be assigned.
            #expect(
                Self.rule(try cli.run(["evidence", "accept", "H-1", "E-1", "--as", "ines"])) == "access.not-assigned")
            #expect(Self.rule(try cli.run(["team", "assign", "H-1", "ivan", "--as", "reg"])) == "team.competence")
            try cli.ok(["team", "assign", "H-1", "ines", "--lead", "--as", "reg"])
            try cli.ok(["team", "assign", "H-1", "bo", "--as", "reg"])
            // Inspection on this scheme's scale.
            for evidence in ["E-1", "E-2", "E-3", "E-4"] {
                try cli.ok(["evidence", "accept", "H-1", evidence, "--as", "ines"])
            }
            #expect(
                Self.rule(try cli.run(["review", "rate", "H-1", "SF-1.1", "met", "--as", "ines"]))
                    == "review.unknown-rating")
            for criterion in ["SF-1.1", "SF-1.2", "CR-1.1", "WL-1.1"] {
                try cli.ok(["review", "rate", "H-1", criterion, "good", "--as", "ines"])
            }
            // An inspector who is also on the panel reports, so may not decide.
            try cli.ok(["case", "fire", "H-1", "inspection.report", "--as", "bo"])
            #expect(
                Self.rule(try cli.run(["decision", "record", "H-1", "registered", "--as", "bo"]))
                    == "impartiality.decision-maker")
            // A panel member with an open-ended declared interest is barred, and may still declare it in the case.
            try cli.ok([
                "coi", "declare", "--actor", "pam", "--organisation", "riverside", "--from", "2024-01-01",
                "--reason", "owns shares in the provider", "--as", "reg",
            ])
            #expect(
                Self.rule(try cli.run(["decision", "record", "H-1", "registered", "--as", "pam"]))
                    == "impartiality.conflict-of-interest")
            try cli.ok(["case", "fire", "H-1", "interest.declare", "--as", "pam"])
            // Outcomes are the framework's; the shipped scheme's are not.
            #expect(
                Self.rule(try cli.run(["decision", "record", "H-1", "accredited", "--as", "pat"]))
                    == "decision.unknown-outcome")
            #expect(Self.rule(try cli.run(["award", "show", "H-1", "--as", "pia"])) == "award.none")
            let decided = try cli.ok(["decision", "record", "H-1", "registered", "--as", "pat", "--json"]).json()
            #expect(decided["status"] as? String == "registered")

            // The certificate follows the declarations: award state "registered", the registration-end timer.
            let shown = try cli.ok(["award", "show", "H-1", "--as", "pia", "--json"]).json()
            #expect(shown["outcome"] as? String == "registered")
            #expect(shown["conditions"] as? Bool == false)
            #expect(shown["framework"] as? String == "care-home-standards@1")
            let listed = try cli.ok(["case", "list", "--as", "reg", "--json"]).json()
            let row = (listed["cases"] as? [[String: Any]])?.first { $0["case"] as? String == "H-1" }
            #expect(row?["awardUntil"] as? String == shown["expiresAt"] as? String)
            let certificate = cli.directory + "/H-1.certificate.json"
            try cli.ok(["award", "export", "H-1", "--out", certificate, "--as", "pia"])
            let verified = try cli.run([
                "award", "verify", certificate, "--public-key", cli.directory + "/home/keys/signing-key.pub",
            ])
            #expect(verified.status == 0, "\(verified.stderr)")
            // The whole history replays and audits clean.
            #expect(try cli.run(["audit", "verify", "H-1", "--as", "cora"]).status == 0)
        }
    }
}

import Foundation
import Testing

/// `replay --workflow` reads the candidate workflow through the same loader as `workflow publish`.
@Suite(.serialized) struct ReplayCommandTests {
    @Test func aMigrationCheckRefusesWhatPublishingRefusesWithTheSameDiagnostics() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toEvidence()
            let shipped = try String(
                contentsOfFile: CLIRunner.repository + "/Definitions/workflows/patient-safety-accreditation.scxml",
                encoding: .utf8)
            // Both compile and replay, but the schema (no name) or the static checks (a state nothing leads to)
            // refuse them, as publishing does.
            let broken = [
                "unreachable.scxml": shipped.replacingOccurrences(
                    of: "</scxml>", with: "<state id=\"orphan\"><transition target=\"closed\"/></state></scxml>"),
                "unnamed.scxml": shipped.replacingOccurrences(
                    of: "name=\"patient-safety-accreditation\"", with: ""),
            ]
            for (name, text) in broken.sorted(by: { $0.key < $1.key }) {
                #expect(text != shipped)
                let file = try cli.evidenceFile(name, text)
                let published = try cli.run(["workflow", "publish", "--as", "sec", file])
                let replayed = try cli.run(["replay", "C-1", "--as", "aud", "--workflow", file])
                #expect(published.status == 2, "\(name): \(published.stderr)")
                #expect(replayed.status == 2, "\(name): \(replayed.stdout)")
                #expect(replayed.stderr == published.stderr)
                #expect(replayed.stderr.contains(name) && replayed.stderr.contains("error: "))
                #expect(replayed.stdout.isEmpty)
            }
            let rules = try cli.run(["workflow", "validate", cli.directory + "/unreachable.scxml"]).stderr
            #expect(rules.contains("workflow.unreachable-state"))
            let schema = try cli.run(["workflow", "validate", cli.directory + "/unnamed.scxml"]).stderr
            #expect(schema.contains("xsd.valid"))
        }
    }

    @Test func aRenamedStateIsMappedAndAMappingThatCannotBeOneIsRefused() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toEvidence()
            let shipped = try String(
                contentsOfFile: CLIRunner.repository + "/Definitions/workflows/patient-safety-accreditation.scxml",
                encoding: .utf8)
            let renamed = shipped.replacingOccurrences(of: "\"eligibility\"", with: "\"eligibility-check\"")
                .replacingOccurrences(of: "'eligibility'", with: "'eligibility-check'")
            let file = try cli.evidenceFile("renamed.scxml", renamed)
            let unmapped = try cli.run(["replay", "C-1", "--as", "aud", "--workflow", file])
            #expect(unmapped.status == 1)
            #expect(unmapped.stdout.contains("States the new workflow no longer has: eligibility"))
            let mapped = try cli.ok([
                "replay", "C-1", "--as", "aud", "--workflow", file, "--map", "eligibility=eligibility-check",
            ])
            #expect(mapped.stdout.contains("events are handled the same way"))
            #expect(mapped.stdout.contains("Renamed: eligibility -> eligibility-check"))
            #expect(mapped.stdout.contains("No state of the pinned workflow is missing."))
            let json = try cli.ok([
                "replay", "C-1", "--as", "aud", "--workflow", file, "--map", "eligibility=eligibility-check", "--json",
            ]).json()
            #expect(json["compatible"] as? Bool == true)
            #expect((json["mappedStates"] as? [String: String]) == ["eligibility": "eligibility-check"])
            let wrong = try cli.run([
                "replay", "C-1", "--as", "aud", "--workflow", file, "--map", "draft=eligibility-check",
            ])
            #expect(wrong.status == 1)
            #expect(wrong.stderr.contains("refused by migration.mapping"))
            for bad in [["--map", "eligibility"], ["--map", "=x"], ["--map", "a=b", "--map", "a=c"]] {
                let refused = try cli.run(["replay", "C-1", "--as", "aud", "--workflow", file] + bad)
                #expect(refused.status == 2, "\(bad)")
            }
            let alone = try cli.run(["replay", "C-1", "--as", "aud", "--map", "a=b"])
            #expect(alone.status == 2)
        }
    }

    @Test func aCaseIsMovedToAPublishedVersionAndWhatCannotBeMovedIsRefused() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toEvidence()
            let shipped = try String(
                contentsOfFile: CLIRunner.repository + "/Definitions/workflows/patient-safety-accreditation.scxml",
                encoding: .utf8)
            let v2 = shipped.replacingOccurrences(of: "acc:version=\"1\"", with: "acc:version=\"2\"")
                .replacingOccurrences(of: "\"eligibility\"", with: "\"eligibility-check\"")
                .replacingOccurrences(of: "'eligibility'", with: "'eligibility-check'")
            let file = try cli.evidenceFile("v2.scxml", v2)
            try cli.ok(["workflow", "publish", "--as", "sec", file])
            let target = "patient-safety-accreditation@2"

            let unmapped = try cli.run(["case", "migrate", "C-1", "--to", target, "--as", "sec"])
            #expect(unmapped.status == 1)
            #expect(unmapped.stderr.contains("refused by migration.incompatible"), "\(unmapped.stderr)")
            let assessor = try cli.run([
                "case", "migrate", "C-1", "--to", target, "--map", "eligibility=eligibility-check", "--as", "lee",
            ])
            #expect(assessor.status == 1 && assessor.stderr.contains("refused by access.cases.migrate"))
            let stale = try cli.run([
                "case", "migrate", "C-1", "--to", target, "--map", "eligibility=eligibility-check", "--as", "sec",
                "--expect-version", "2",
            ])
            #expect(stale.status == 3, "\(stale.stderr)")
            let unpublished = try cli.run([
                "case", "migrate", "C-1", "--to", "patient-safety-accreditation@9", "--as", "sec",
            ])
            #expect(unpublished.status == 4, "\(unpublished.stderr)")
            for bad in [["--to", "no-version"], ["--to", "@2"], ["--to", target, "--map", "x"]] {
                #expect(try cli.run(["case", "migrate", "C-1", "--as", "sec"] + bad).status == 2, "\(bad)")
            }

            let moved = try cli.ok([
                "case", "migrate", "C-1", "--to", target, "--map", "eligibility=eligibility-check", "--as", "sec",
            ])
            #expect(
                moved.stdout.contains(
                    "case.migrate: patient-safety-accreditation@1 → patient-safety-accreditation@2"),
                "\(moved.stdout)")
            let shown = try cli.ok(["case", "show", "C-1", "--as", "sec", "--json"]).json()
            #expect(shown["workflow"] as? String == target)
            let back = try cli.ok([
                "case", "migrate", "C-1", "--to", "patient-safety-accreditation@1", "--map",
                "eligibility-check=eligibility", "--as", "sec", "--json",
            ]).json()
            #expect(back["from"] as? String == target && back["to"] as? String == "patient-safety-accreditation@1")
            #expect((back["states"] as? [String: String]) == ["eligibility-check": "eligibility"])
            try cli.ok(["audit", "verify", "C-1", "--as", "aud"])
        }
    }
}

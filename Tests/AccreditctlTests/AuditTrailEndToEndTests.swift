import Foundation
import Testing

/// history, replay and audit export / verify-bundle through the binary; the bundle is verified with no database
/// configured at all, and a tampered copy is refused with every problem listed.
@Suite(.serialized) struct AuditTrailEndToEndTests {
    @Test func historyReplayAndAnOfflineBundle() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toEvidence()
            let file = try cli.evidenceFile("policy.txt", "Our patient safety policy\n")
            try cli.ok(["evidence", "upload", "C-1", file, "--criterion", "SL-1.1", "--item", "1", "--as", "ann"])

            let history = try cli.ok(["history", "C-1", "--as", "aud", "--json"]).json()
            let events = try #require(history["events"] as? [[String: Any]])
            #expect(events.count == 7)
            #expect(events.first?["actor"] as? String == "ann")
            #expect(events.first?["roles"] as? [String] == ["applicant"])
            #expect(events.last?["evidence"] as? [String] == ["E-1"])
            let bySec = try cli.ok(["history", "C-1", "--as", "aud", "--actor", "sec"])
            #expect(bySec.stdout.contains("sec (secretariat)") && !bySec.stdout.contains("ann (applicant)"))
            #expect(try cli.run(["history", "C-1", "--as", "aud", "--since", "yesterday"]).status == 2)
            #expect(try cli.run(["history", "C-9", "--as", "aud"]).status == 4)

            let replay = try cli.ok(["replay", "C-1", "--as", "aud"])
            #expect(replay.stdout.contains("The replay equals the stored projection."))
            let early = try cli.ok(["replay", "C-1", "--as", "aud", "--until", "1", "--step", "--json"]).json()
            #expect(early["throughSeq"] as? Int == 1 && early["truncated"] as? Bool == true)
            #expect((early["steps"] as? [[String: Any]])?.first?["event"] as? String == "application.submit")
            #expect(try cli.run(["replay", "C-1", "--as", "aud", "--until", "1", "--as-at", "2026-01-01"]).status == 2)

            try cli.ok(["audit", "checkpoint", "--as", "aud", "--out", cli.directory + "/cp.json"])
            let bundle = cli.directory + "/C-1.bundle.json"
            try cli.ok(["audit", "export", "C-1", "--as", "aud", "--out", bundle, "--with-files"])

            let key = try String(contentsOfFile: cli.directory + "/home/keys/signing-key.pub", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let untrusted = try Self.offline(["audit", "verify-bundle", bundle], in: cli.directory)
            #expect(untrusted.status == 1 && untrusted.stderr.contains("cannot establish trust"))
            let valid = try Self.offline(["audit", "verify-bundle", bundle, "--trusted-key", key], in: cli.directory)
            #expect(valid.status == 0, "\(valid.stdout) \(valid.stderr)")
            #expect(valid.stdout.contains(": valid"))

            let text = try String(contentsOfFile: bundle, encoding: .utf8)
            let tampered = cli.directory + "/tampered.json"
            try Data(text.replacingOccurrences(of: "\"actor\":\"sec\"", with: "\"actor\":\"eve\"").utf8).write(
                to: URL(fileURLWithPath: tampered))
            let refused = try Self.offline(
                ["audit", "verify-bundle", tampered, "--json", "--trusted-key", key], in: cli.directory)
            #expect(refused.status == 1)
            let report = try refused.json()
            #expect(report["valid"] as? Bool == false)
            let kinds = (report["findings"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            #expect(kinds.filter { $0 == "hash-mismatch" }.count == 5)
            #expect(kinds.contains("checkpoint-head"))

            let notABundle = try Self.offline(
                ["audit", "verify-bundle", cli.directory + "/cp.json", "--trusted-key", key], in: cli.directory)
            #expect(notABundle.status == 2)
        }
    }

    /// Runs the binary with no database configured: only PATH and a home with nothing in it.
    static func offline(_ arguments: [String], in directory: String) throws -> CLIRunner.Result {
        let offline = directory + "/offline"
        try FileManager.default.createDirectory(atPath: offline, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIRunner.binary)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": offline, "ACCREDIT_HOME": offline + "/home"]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(!FileManager.default.fileExists(atPath: offline + "/home"), "verify-bundle must not start a database")
        return CLIRunner.Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

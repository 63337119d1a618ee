import AccreditEngine
import EvidenceStore
import Foundation
import PostgresTestSupport
import Statecharts
import Testing

/// Issue #15 through the binary: `audit checkpoint` refuses to launder a rewrite, `--since` and `verify-bundle` need
/// a trust anchor from outside the thing verified, invented bundles fail, and checkpoints are taken on a schedule.
@Suite(.serialized) struct CheckpointChainCommandTests {
    static func publicKey(_ cli: CLIRunner) throws -> String {
        try String(contentsOfFile: cli.directory + "/home/keys/signing-key.pub", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aRewriteIsNeverSignedAndIsCaughtSinceThePublishedCheckpoint() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toEvidence()
            let taken = try cli.ok(["audit", "checkpoint", "--as", "aud", "--out", "cp1.json"])
            #expect(taken.stdout.contains("checkpoint 1: 1 cases"))
            #expect(
                FileManager.default.fileExists(atPath: cli.directory + "/home/checkpoints/checkpoint-00000001.json"))
            let key = try Self.publicKey(cli)

            // The insider rewrites C-1 from seq 3 and re-hashes the chain and the head consistently.
            let db = try PostgresConnection(conninfo: cli.conninfo)
            try Insider(db).rewrite("C-1", from: 3) { $0.actor = "ann" }

            let laundering = try cli.run(["audit", "checkpoint", "--as", "aud", "--out", "cp2.json"])
            #expect(laundering.status == 1)
            #expect(laundering.stdout.contains("case C-1 seq 6: checkpoint-head"))
            #expect(laundering.stderr.contains("checkpoint 2 was not signed"))
            #expect(!FileManager.default.fileExists(atPath: cli.directory + "/cp2.json"))

            let verified = try cli.run([
                "audit", "verify", "--all", "--as", "aud", "--since", "cp1.json", "--trusted-key", key, "--json",
            ])
            #expect(verified.status == 1)
            let report = try verified.json()
            let findings = report["findings"] as? [[String: Any]] ?? []
            #expect(findings.contains { $0["kind"] as? String == "checkpoint-head" && $0["seq"] as? Int == 6 })
            let coverage = report["coverage"] as? [String: Any]
            #expect(coverage?["checkpoint"] as? Int == 1 && coverage?["uncoveredEvents"] as? Int == 0)
        }
    }

    @Test func aCheckpointOrBundleIsTrustedOnlyThroughAGivenKey() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toEvidence()
            try cli.ok(["audit", "checkpoint", "--as", "aud", "--out", "cp1.json"])
            let key = try Self.publicKey(cli)

            // A checkpoint signed with the attacker's own key.
            let attacker = try Ed25519Key(seed: [UInt8](repeating: 9, count: 32))
            let forged = try Checkpoint.sign(
                heads: [CheckpointHead(caseID: "C-1", version: 4, head: [UInt8](repeating: 1, count: 32))],
                createdAt: Instant(iso8601: "2026-12-02T00:00:00Z") ?? .epoch, key: attacker)
            try Data(forged.fileText.utf8).write(to: URL(fileURLWithPath: cli.directory + "/forged.json"))
            let untrusted = try cli.run(["audit", "verify", "--all", "--as", "aud", "--since", "forged.json"])
            #expect(untrusted.status == 1)
            #expect(untrusted.stderr.contains("cannot establish trust in forged.json"))
            let wrongKey = try cli.run([
                "audit", "verify", "--all", "--as", "aud", "--since", "forged.json", "--trusted-key", key,
            ])
            #expect(wrongKey.status == 1)
            #expect(wrongKey.stderr.contains("which is not a trusted key"))

            // An invented bundle: a real export with the checkpoint taken out.
            try cli.ok(["audit", "export", "C-1", "--as", "aud", "--out", "C-1.bundle.json"])
            let text = try String(contentsOfFile: cli.directory + "/C-1.bundle.json", encoding: .utf8)
            let bundle = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            var invented = bundle
            invented["checkpoint"] = NSNull()
            try JSONSerialization.data(withJSONObject: invented).write(
                to: URL(fileURLWithPath: cli.directory + "/invented.json"))
            let noKey = try cli.run(["audit", "verify-bundle", "C-1.bundle.json"])
            #expect(noKey.status == 1 && noKey.stderr.contains("cannot establish trust"))
            #expect(try cli.run(["audit", "verify-bundle", "C-1.bundle.json", "--trusted-key", key]).status == 0)
            let missing = try cli.run(["audit", "verify-bundle", "invented.json", "--trusted-key", key])
            #expect(missing.status == 1)
            #expect(missing.stdout.contains("case C-1: checkpoint-missing"))
            let malformed = try cli.run(["audit", "verify-bundle", "invented.json", "--trusted-key", "zz"])
            #expect(malformed.status == 2)
        }
    }

    @Test func exportCoversTheCaseAndTimersFireChecksPointOnSchedule() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toEvidence()
            let exported = try cli.ok(["audit", "export", "C-1", "--as", "aud", "--out", "C-1.bundle.json"])
            #expect(exported.stdout.contains("checkpoint 1 taken to cover C-1"))
            try cli.ok(["case", "fire", "C-1", "case.suspend", "--as", "sec"])
            let verified = try cli.ok(["audit", "verify", "--all", "--as", "aud"])
            #expect(verified.stdout.contains("coverage: 1 event(s) across 1 case(s) are after the newest checkpoint"))

            try cli.ok(["store", "set", "checkpoint.interval", "3600", "--as", "sec"])
            let early = try cli.ok(["timers", "fire", "--as", "sec", "--json"]).json()
            #expect(early["checkpoint"] is NSNull)
            let settings = try cli.ok(["store", "settings", "--json", "--as", "sec"]).json()
            let now = try #require(settings["now"] as? String)
            let later = try #require(Instant(iso8601: now)).adding(microseconds: 2 * 3_600_000_000)
            try cli.ok(["store", "set", "clock", later.iso8601, "--as", "sec"])
            let due = try cli.ok(["timers", "fire", "--as", "sec", "--json"]).json()
            #expect(due["checkpoint"] as? Int == 2)
            #expect(
                FileManager.default.fileExists(atPath: cli.directory + "/home/checkpoints/checkpoint-00000002.json"))
            let covered = try cli.ok(["audit", "verify", "--all", "--as", "aud"])
            #expect(covered.stdout.contains("coverage: 0 event(s) across 0 case(s)"))
        }
    }
}

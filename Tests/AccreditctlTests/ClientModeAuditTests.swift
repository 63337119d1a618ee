import AccreditEngine
import EvidenceStore
import Foundation
import PostgresTestSupport
import Testing

/// The history, replay, report, award, audit, timer and evidence housekeeping commands as clients of
/// `accreditctl serve`: the same `--json` and text as in direct mode, as the signed-in person, and a refused request
/// with direct mode's exit status.
@Suite(.serialized) struct ClientModeAuditTests {
    /// An `init`ed store with the demo played (case DEMO-1 awarded), a second organisation with its applicant hal,
    /// and a server over it; `body` gets the direct runner and a client runner maker.
    static func withServer(_ body: (CLIRunner, (String) throws -> CLIRunner) async throws -> Void) async throws {
        try await TestFiles.withTemporaryDirectory { directory in
            try await TestDatabase.withDatabase { conninfo in
                let cli = CLIRunner(conninfo: conninfo, directory: directory)
                try cli.ok(["init"])
                try cli.ok(["demo"])
                try cli.ok(["org", "register", "hillside", "--name", "Hillside Hospital", "--as", "sam"])
                try cli.ok([
                    "actor", "add", "hal", "--name", "Hal", "--role", "applicant", "--organisation", "hillside",
                    "--as", "sam",
                ])
                let (server, base) = try ClientModeEndToEndTests.serve(cli)
                defer {
                    server.process.terminate()
                    _ = try? server.finish()
                }
                func client(_ actor: String) throws -> CLIRunner { try cli.client(of: base, as: actor) }
                try await body(cli, client)
            }
        }
    }

    /// Runs `arguments` as `actor` in direct mode and through the server, and expects the same output and status.
    @discardableResult
    static func same(
        _ cli: CLIRunner, _ client: CLIRunner, _ arguments: [String], as actor: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> CLIRunner.Result {
        let direct = try cli.run(arguments + ["--as", actor])
        let served = try client.run(arguments)
        #expect(served.status == direct.status, "\(arguments): \(served.stderr)", sourceLocation: sourceLocation)
        #expect(served.stdout == direct.stdout, "\(arguments)", sourceLocation: sourceLocation)
        return served
    }

    @Test func readsPrintTheSameThroughTheServer() async throws {
        try await Self.withServer { cli, client in
            let aud = try client("aud")
            let sam = try client("sam")
            let lee = try client("lee")
            for arguments in [
                ["history", "DEMO-1"], ["history", "DEMO-1", "--json"],
                ["history", "DEMO-1", "--actor", "sam", "--since", "2026-01-01", "--json"],
                ["replay", "DEMO-1"], ["replay", "DEMO-1", "--json"], ["replay", "DEMO-1", "--until", "5", "--step"],
                ["replay", "DEMO-1", "--until", "5", "--step", "--json"],
                ["replay", "DEMO-1", "--as-at", "2026-01-01", "--json"],
                ["audit", "verify", "DEMO-1"], ["audit", "verify", "--all", "--json"],
            ] {
                let result = try Self.same(cli, aud, arguments, as: "aud")
                #expect(result.status == 0, "\(arguments): \(result.stderr)")
            }
            for arguments in [
                ["report", "--at", "2027-06-01"],
                ["report", "--at", "2027-06-01", "--expiring-within", "800", "--json"],
            ] {
                #expect(try Self.same(cli, sam, arguments, as: "sam").status == 0)
            }
            for arguments in [["review", "summary", "DEMO-1"], ["review", "summary", "DEMO-1", "--json"]] {
                #expect(try Self.same(cli, lee, arguments, as: "lee").status == 0)
            }
            for arguments in [["award", "show", "DEMO-1"], ["award", "show", "DEMO-1", "--json"]] {
                #expect(try Self.same(cli, sam, arguments, as: "sam").status == 0)
            }
            // The history the server gives names what happened, as direct mode does.
            let history = try aud.ok(["history", "DEMO-1", "--json"]).json()
            #expect((history["events"] as? [Any])?.isEmpty == false)
        }
    }

    @Test func refusalsHaveDirectModesWordsAndExitStatus() async throws {
        try await Self.withServer { cli, client in
            let hal = try client("hal")
            let ann = try client("ann")
            let aud = try client("aud")
            // Roles without the capability are refused (exit 1), with the same words as in direct mode.
            for (runner, actor, arguments) in [
                (ann, "ann", ["report"]), (ann, "ann", ["audit", "verify", "--all"]),
                (ann, "ann", ["audit", "checkpoint", "--out", "cp.json"]), (ann, "ann", ["evidence", "fsck"]),
                (ann, "ann", ["award", "status"]), (aud, "aud", ["timers", "fire"]),
            ] {
                let direct = try cli.run(arguments + ["--as", actor])
                let served = try runner.run(arguments)
                #expect(direct.status == 1, "\(arguments): \(direct.stderr)")
                #expect(served.status == 1, "\(arguments): \(served.stderr)")
                #expect(served.stderr == direct.stderr, "\(arguments)")
            }
            // Another organisation's case is refused in direct mode (exit 1, access.organisation) and, as with case
            // show, does not exist through the server (exit 4), so that guessing ids learns nothing.
            for arguments in [
                ["history", "DEMO-1"], ["replay", "DEMO-1"], ["award", "show", "DEMO-1"],
                ["audit", "verify", "DEMO-1"],
                ["audit", "export", "DEMO-1", "--out", "x.json"], ["review", "summary", "DEMO-1"],
            ] {
                #expect(try cli.run(arguments + ["--as", "hal"]).status == 1, "\(arguments)")
                #expect(try hal.run(arguments).status == 4, "\(arguments)")
            }
            #expect(!FileManager.default.fileExists(atPath: cli.directory + "/x.json"))
            #expect(!FileManager.default.fileExists(atPath: cli.directory + "/cp.json"))
            // --as is refused through the server.
            #expect(try aud.run(["history", "DEMO-1", "--as", "sam"]).status == 2)
            // A file the evidence still references is never discarded, in either mode.
            let sha = try #require(
                (try aud.ok(["evidence", "list", "DEMO-1", "--json"]).json()["evidence"] as? [[String: Any]])?
                    .first?["sha256"] as? String)
            let sam = try client("sam")
            let arguments = ["evidence", "discard", sha, "--reason", "test"]
            let direct = try cli.run(arguments + ["--as", "sam"])
            let served = try sam.run(arguments)
            #expect(direct.status == 1 && served.status == 1)
            #expect(served.stderr == direct.stderr)
            #expect(try aud.run(arguments).status == 1)
        }
    }

    @Test func signingAndHousekeepingRunOnTheServer() async throws {
        try await Self.withServer { cli, client in
            let aud = try client("aud")
            let sam = try client("sam")
            let key = try String(contentsOfFile: cli.directory + "/home/keys/signing-key.pub", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            // A certificate signed by the server's key, written on the client's side.
            try sam.ok(["award", "export", "DEMO-1", "--out", "served.json"])
            try cli.ok(["award", "export", "DEMO-1", "--out", "direct.json", "--as", "sam"])
            #expect(
                try String(contentsOfFile: cli.directory + "/served.json", encoding: .utf8)
                    == String(contentsOfFile: cli.directory + "/direct.json", encoding: .utf8))
            try cli.ok(["award", "verify", "served.json", "--trusted-key", key])
            // The status list: published by the server, a copy written here.
            let status = try aud.ok(["award", "status", "--json", "--out", "status.json"]).json()
            #expect(status["file"] as? String == cli.directory + "/home/published/award-status.json")
            try cli.ok(["award", "verify", "served.json", "--trusted-key", key, "--status", "status.json"])
            let statusText = try aud.ok(["award", "status"]).stdout
            #expect(statusText.contains("DEMO-1") && statusText.contains("signed by sha256:"))
            // A checkpoint signed by the server, kept here, proves history up to it.
            let checkpoint = try aud.ok(["audit", "checkpoint", "--out", "cp.json", "--json"]).json()
            #expect(checkpoint["file"] as? String == "cp.json")
            #expect(checkpoint["document"] == nil)
            let published = try #require(checkpoint["published"] as? String)
            #expect(FileManager.default.fileExists(atPath: published))
            try Self.same(
                cli, aud, ["audit", "verify", "--all", "--since", "cp.json", "--trusted-key", key], as: "aud")
            let text = try aud.ok(["audit", "checkpoint", "--out", "cp2.json"]).stdout
            #expect(text.contains("since checkpoint \(checkpoint["checkpoint"] as? Int ?? 0)"))
            // The bundle streamed by the server is the one direct mode writes.
            let exported = try aud.ok(["audit", "export", "DEMO-1", "--out", "served.bundle.json", "--with-files"])
            let directExport = try cli.ok([
                "audit", "export", "DEMO-1", "--out", "direct.bundle.json", "--with-files", "--as", "aud",
            ])
            #expect(
                exported.stdout.replacingOccurrences(of: "served.bundle", with: "direct.bundle") == directExport.stdout)
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: cli.directory + "/served.bundle.json"))
                    == Data(contentsOf: URL(fileURLWithPath: cli.directory + "/direct.bundle.json")))
            try cli.ok(["audit", "verify-bundle", "served.bundle.json", "--trusted-key", key])
            // Housekeeping: the same answers as direct mode (once the deadlines the demo's clock made due are
            // delivered, so that both runs find the same store).
            try cli.ok(["timers", "fire", "--as", "sam"])
            try Self.same(cli, sam, ["timers", "fire"], as: "sam")
            try Self.same(cli, sam, ["timers", "fire", "--json"], as: "sam")
            try Self.same(cli, aud, ["evidence", "fsck"], as: "aud")
            try Self.same(cli, aud, ["evidence", "fsck", "--json"], as: "aud")
        }
    }
}

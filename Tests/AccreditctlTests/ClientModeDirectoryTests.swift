import Foundation
import Testing

/// The directory, definitions, store settings and keys through `accreditctl serve`: the same `--json`, the same
/// text and the same exit statuses as direct mode, as the signed-in person.
@Suite(.serialized) struct ClientModeDirectoryTests {
    /// A runner signed in to the server as `actor` with a fresh token.
    static func client(_ cli: CLIRunner, _ base: String, as actor: String) throws -> CLIRunner {
        try cli.client(of: base, as: actor)
    }

    /// Runs `arguments` through the server as `client` and directly as `actor`, and expects the same output and
    /// exit status.
    static func same(_ client: CLIRunner, _ cli: CLIRunner, _ actor: String, _ arguments: [String]) throws {
        let through = try client.run(arguments)
        let direct = try cli.run(arguments + ["--as", actor])
        #expect(through.status == direct.status, "\(arguments): \(through.stderr)")
        #expect(through.stdout == direct.stdout, "\(arguments)")
        #expect(through.stderr == direct.stderr, "\(arguments)")
    }

    @Test func directoryCommandsPrintTheSameThroughTheServer() async throws {
        try await CLIRunner.withWorld { cli in
            let (server, base) = try ClientModeEndToEndTests.serve(cli)
            defer {
                server.process.terminate()
                _ = try? server.finish()
            }
            try cli.ok(["case", "open", "C-1", "--organisation", "riverside", "--as", "sec"])
            let sec = try Self.client(cli, base, as: "sec")
            let ann = try Self.client(cli, base, as: "ann")
            let carl = try Self.client(cli, base, as: "carl")

            let opened = try sec.ok(["case", "open", "C-2", "--organisation", "hillside"]).stdout
            #expect(opened.hasPrefix("opened case C-2 for hillside: "))
            #expect(
                opened.replacingOccurrences(of: "C-2 for hillside", with: "C-3 for hillside")
                    == (try cli.ok(["case", "open", "C-3", "--organisation", "hillside", "--as", "sec"]).stdout))
            try Self.same(ann, cli, "ann", ["case", "open", "C-4", "--organisation", "hillside"])

            try sec.ok(["org", "register", "lakeside", "--name", "Lakeside Trust", "--ods", "LK1"])
            try sec.ok(["actor", "add", "nia", "--name", "Nia", "--role", "applicant", "--organisation", "lakeside"])
            try carl.ok([
                "coi", "declare", "--actor", "carl", "--organisation", "riverside", "--from", "2024-01-01", "--reason",
                "former employee",
            ])
            for arguments in [
                ["org", "list"], ["org", "list", "--json"], ["org", "show", "riverside"],
                ["org", "show", "riverside", "--json"], ["org", "show", "nowhere"], ["actor", "list"],
                ["actor", "list", "--json"], ["coi", "list"], ["coi", "list", "--organisation", "riverside", "--json"],
            ] {
                try Self.same(sec, cli, "sec", arguments)
            }
            // Refusals: the direct mode's words and exit statuses.
            for arguments in [
                ["org", "show", "hillside"], ["coi", "list"], ["org", "register", "mine", "--name", "Mine"],
                ["actor", "add", "x", "--name", "X", "--role", "secretariat"],
                [
                    "coi", "declare", "--actor", "alice", "--organisation", "riverside", "--from", "2024-01-01",
                    "--reason", "x",
                ],
            ] {
                try Self.same(ann, cli, "ann", arguments)
            }
            #expect(try ann.run(["org", "register", "mine", "--name", "Mine"]).status == 1)
            #expect(try sec.run(["org", "show", "nowhere"]).status == 4)
        }
    }

    @Test func definitionsSettingsAndKeysPrintTheSameThroughTheServer() async throws {
        try await CLIRunner.withWorld { cli in
            let (server, base) = try ClientModeEndToEndTests.serve(cli)
            defer {
                server.process.terminate()
                _ = try? server.finish()
            }
            let sec = try Self.client(cli, base, as: "sec")
            let ann = try Self.client(cli, base, as: "ann")
            let definitions = CLIRunner.repository + "/Definitions/"
            let framework = definitions + "examples/minimal/minimal-standards-v1.xml"
            let workflow = definitions + "examples/minimal/minimal-accreditation.scxml"
            #expect(
                try sec.ok(["framework", "publish", framework]).stdout == "published framework minimal-standards@1\n")
            #expect(
                try sec.ok(["workflow", "publish", workflow]).stdout == "published workflow minimal-accreditation@1\n")
            for arguments in [["framework", "publish", framework], ["workflow", "publish", workflow]] {
                try Self.same(sec, cli, "sec", arguments)
                try Self.same(ann, cli, "ann", arguments)
            }
            // Invalid definitions print the same diagnostics, exit 2; one that names a file to load is refused.
            let broken = cli.directory + "/broken.xml"
            try Data("<framework".utf8).write(to: URL(fileURLWithPath: broken))
            try Self.same(sec, cli, "sec", ["framework", "publish", broken])
            let leaking = cli.directory + "/leaking.scxml"
            try Data(
                (try String(contentsOfFile: workflow, encoding: .utf8)).replacingOccurrences(
                    of: "  <state id=\"application\">",
                    with:
                        "  <datamodel><data id=\"leak\" src=\"/etc/passwd\"/></datamodel>\n  <state id=\"application\">"
                ).replacingOccurrences(of: "acc:version=\"1\"", with: "acc:version=\"2\"").utf8
            ).write(to: URL(fileURLWithPath: leaking))
            let refused = try sec.run(["workflow", "publish", leaking])
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("definition.external-source"))
            try Self.same(sec, cli, "sec", ["workflow", "publish", leaking])

            // The store's settings, on a simulated clock so that the store's time stands still.
            try sec.ok(["store", "set", "clock", "2030-01-01T09:00:00Z"])
            for arguments in [
                ["store", "settings"], ["store", "settings", "--json"], ["store", "settings", "--history"],
                ["store", "settings", "--history", "--json"],
            ] {
                try Self.same(ann, cli, "ann", arguments)
            }
            try Self.same(ann, cli, "ann", ["store", "set", "upload.max-bytes", "1000"])
            #expect(try ann.run(["store", "set", "upload.max-bytes", "1000"]).status == 1)

            // Keys: the same listing; key show compares this home's key with the server's list.
            for arguments in [["key", "list"], ["key", "list", "--json"], ["key", "list", "--trust-file"]] {
                let through = try ann.run(arguments)
                #expect(through.status == 0, "\(through.stderr)")
                #expect(through.stdout == (try cli.ok(arguments).stdout))
            }
            #expect(try ann.ok(["key", "show", "--json"]).stdout == (try cli.ok(["key", "show", "--json"]).stdout))
        }
    }
}

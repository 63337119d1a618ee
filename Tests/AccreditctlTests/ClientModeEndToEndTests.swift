import EvidenceStore
import Foundation
import PostgresTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The command-line tool as a client of `accreditctl serve`: the same output and exit statuses as direct mode, the
/// credential as the acting person, `--as` refused, and the server refusing a login that could rewrite history.
@Suite(.serialized) struct ClientModeEndToEndTests {
    /// A free loopback port.
    static func freePort() throws -> Int {
        let socket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else { throw CLIRunner.RunnerError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts the server as the application role, with `options` besides its address, and waits for its health
    /// check.
    static func serve(_ cli: CLIRunner, options: [String] = []) throws -> (CLIRunner.Running, String) {
        var server = cli
        server.environment["ACCREDIT_DATABASE_URL"] = try ConnectionString.replacing(
            cli.conninfo, with: ["user": StoreRoles.application])
        let port = try freePort()
        let running = try server.start(["serve", "--listen", "127.0.0.1:\(port)", "--connections", "4"] + options)
        let base = "http://127.0.0.1:\(port)"
        for _ in 0..<300 {
            if let url = URL(string: base + "/healthz"), (try? Data(contentsOf: url)) != nil { return (running, base) }
            guard running.process.isRunning else { break }
            usleep(100_000)
        }
        running.process.terminate()
        let result = try running.finish()
        throw CLIRunner.RunnerError("the server did not start: \(result.stderr)")
    }

    @Test func commandsRunThroughTheServerAsTheSignedInPerson() async throws {
        try await CLIRunner.withWorld { cli in
            let (server, base) = try Self.serve(cli)
            defer {
                server.process.terminate()
                _ = try? server.finish()
            }
            try cli.ok([
                "case", "open", "C-1", "--organisation", "riverside", "--workflow", "patient-safety-accreditation@1",
                "--as", "sec",
            ])
            func client(_ actor: String) throws -> CLIRunner { try cli.client(of: base, as: actor) }
            let ann = try client("ann")
            let sec = try client("sec")
            try ann.ok(["case", "fire", "C-1", "application.submit", "--request-id", "submit-1"])
            for event in ["application.accept", "eligibility.confirm"] {
                try sec.ok(["case", "fire", "C-1", event])
            }
            try sec.ok(["team", "assign", "C-1", "lee", "--lead"])
            try sec.ok(["team", "assign", "C-1", "alice"])
            try sec.ok(["case", "fire", "C-1", "impartiality.confirm"])
            // The same document and the same text as direct mode.
            let direct = try cli.ok(["case", "show", "C-1", "--as", "ann", "--json"]).stdout
            #expect(try ann.ok(["case", "show", "C-1", "--json"]).stdout == direct)
            #expect(
                try ann.ok(["case", "show", "C-1"]).stdout
                    == (try cli.ok(["case", "show", "C-1", "--as", "ann"]).stdout))
            // A refusal has the direct mode's words and exit status.
            let refused = try ann.run(["case", "fire", "C-1", "application.accept"])
            let directRefusal = try cli.run(["case", "fire", "C-1", "application.accept", "--as", "ann"])
            #expect(refused.status == 1)
            #expect(refused.stderr == directRefusal.stderr)
            // --as is refused: the credential says who acts.
            let impersonation = try ann.run(["case", "fire", "C-1", "case.withdraw", "--as", "sec"])
            #expect(impersonation.status == 2)
            #expect(impersonation.stderr.contains("--as sec is refused through the server"))
            // Another organisation's case does not exist for hal.
            let hal = try client("hal")
            #expect(try hal.run(["case", "show", "C-1"]).status == 4)
            // Evidence goes up and comes back through the server, checked by its digest.
            let file = cli.directory + "/policy.pdf"
            try Data("%PDF-1.4 policy".utf8).write(to: URL(fileURLWithPath: file))
            try ann.ok([
                "evidence", "upload", "C-1", file, "--criterion", "SL-1.1", "--item", "1", "--request-id", "up-1",
            ])
            let again = try ann.ok([
                "evidence", "upload", "C-1", file, "--criterion", "SL-1.1", "--item", "1", "--request-id", "up-1",
            ])
            #expect(again.stdout.contains("already uploaded as E-1"))
            try ann.ok(["evidence", "get", "C-1", "E-1", "--out", cli.directory + "/back.pdf"])
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: cli.directory + "/back.pdf"))
                    == Data(contentsOf: URL(fileURLWithPath: file)))
            let history = try cli.ok(["history", "C-1", "--as", "aud", "--json"]).stdout
            #expect(history.contains("\"actor\":\"ann\""))
            // The operator's commands (no route through the server) are refused in client mode: none quietly opens
            // a database with --as.
            #expect(try ann.run(["token", "create", "--for", "sec"]).status == 2)
            var elsewhere = ann
            elsewhere.environment["ACCREDIT_DATABASE_URL"] = ""
            elsewhere.environment["ACCREDIT_HOME"] = cli.directory + "/client-home"
            // A migration check runs through the server: the candidate's text is sent, and checked as publishing
            // would check it; it is work for those who look after the record, not for an applicant.
            let candidate = try cli.evidenceFile(
                "candidate.scxml",
                try String(
                    contentsOfFile: CLIRunner.repository
                        + "/Definitions/workflows/patient-safety-accreditation.scxml", encoding: .utf8))
            let unchecked = try ann.run(["replay", "C-1", "--workflow", candidate])
            #expect(unchecked.status == 1, "\(unchecked.stderr)")
            #expect(unchecked.stderr.contains("access.store.oversee"), "\(unchecked.stderr)")
            // Importing history runs through the server too, where the rule that only the secretariat imports holds.
            let importFile = try cli.evidenceFile("history.json", "{\"openedAt\": \"2020-01-01\", \"events\": []}")
            let imported = try ann.run(["case", "import", "C-9", "--organisation", "riverside", "--file", importFile])
            #expect(imported.status == 1)
            #expect(imported.stderr.contains("access.cases.import"), "\(imported.stderr)")
            // Many cases stream to the server as NDJSON: the same rule, then the secretariat's import.
            let many = try cli.evidenceFile(
                "cases.ndjson",
                #"{"case": "C-N1", "organisation": "riverside", "workflow": "patient-safety-accreditation@1", "#
                    + #""openedAt": "2020-01-01", "events": [{"event": "application.submit", "actor": "ann", "#
                    + #""at": "2020-01-02"}]}"# + "\n")
            let manyRefused = try ann.run(["case", "import", "--file", many])
            #expect(manyRefused.status == 1 && manyRefused.stderr.contains("access.cases.import"))
            let manyImported = try sec.ok(["case", "import", "--file", many])
            #expect(manyImported.stdout.contains("imported 1 case(s) with 1 event(s)"), "\(manyImported.stdout)")
            let unported = try elsewhere.run(["key", "rotate", "--as", "sec"])
            #expect(unported.status == 2)
            #expect(unported.stderr.contains("works on the database directly, not through the server"))
            #expect(!FileManager.default.fileExists(atPath: cli.directory + "/client-home/postgres"))
        }
    }

    @Test func theServerRefusesALoginThatCouldRewriteHistory() async throws {
        try await CLIRunner.withWorld { cli in
            let result = try cli.run(["serve", "--listen", "127.0.0.1:\(try Self.freePort())"])
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains("docs/operations.md"), "\(result.stderr)")
        }
    }

    @Test func theServerRefusesAReadReplicaThatIsNotAStandbyOfItsDatabase() async throws {
        try await CLIRunner.withWorld { cli in
            var server = cli
            server.environment["ACCREDIT_DATABASE_URL"] = try ConnectionString.replacing(
                cli.conninfo, with: ["user": StoreRoles.application])
            let listen = ["serve", "--listen", "127.0.0.1:\(try Self.freePort())"]
            // The primary itself: it takes writes.
            server.environment["ACCREDIT_READ_DATABASE_URL"] = cli.conninfo
            let primary = try server.run(listen)
            #expect(primary.status != 0 && primary.stderr.contains("not a standby"), "\(primary.stderr)")
            // Another database of the same cluster: another store.
            server.environment["ACCREDIT_READ_DATABASE_URL"] = try ConnectionString.replacing(
                cli.conninfo, with: ["dbname": "postgres"])
            let other = try server.run(listen)
            #expect(other.status != 0 && other.stderr.contains("names the database postgres"), "\(other.stderr)")
            // Nothing there.
            server.environment["ACCREDIT_READ_DATABASE_URL"] = "host=/nonexistent port=1 connect_timeout=2"
            let absent = try server.run(listen)
            #expect(absent.status != 0 && absent.stderr.contains("cannot reach the read replica"), "\(absent.stderr)")
        }
    }

    @Test func theServerStopsGracefullyOnSIGTERM() async throws {
        try await CLIRunner.withWorld { cli in
            let (server, _) = try Self.serve(cli)
            server.process.terminate()
            let result = try server.finish()
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("\"message\":\"listening\""))
        }
    }
}

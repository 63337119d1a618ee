import AccreditEngine
import EvidenceStore
import Foundation
import Statecharts
import Testing

/// Hostile strings through every command's arguments and through every file a command reads: each is stored
/// verbatim or refused with a clear error (exit 1, 2 or 4), never executed, never a crash, and the store stays
/// consistent.
@Suite(.serialized) struct HostileInputTests {
    /// Strings that can travel in argv (no NUL; under Linux's 128 KiB limit per argument).
    static let strings: [String] = [
        "'; DROP TABLE case_events; --", "C-1' OR '1'='1", "\"); DELETE FROM cases; --", "$(touch /tmp/pwned)",
        "../../../../etc/passwd", "/etc/passwd", "..", "C-1/../../C-2", "\u{1b}[31mred\u{1b}[0m\r\n\t\u{7}",
        "\u{202E}gnp.exe", "\u{FEFF}C-1", "Zoë 👩🏽‍⚕️ مرحبا", "-1", "--as", "%s%n%x", "\\u0000",
        String(repeating: "A", count: 100_000),
    ]

    /// Every command with one slot (`X`) for a hostile string, run as `actor`.
    static func templates(_ file: String, _ directory: String) -> [[String]] {
        [
            ["org", "register", "X", "--name", "Org", "--as", "sec"],
            ["org", "register", "org-N", "--name", "X", "--as", "sec"],
            ["org", "register", "orh-N", "--name", "Org", "--ods", "X", "--as", "sec"],
            ["org", "show", "X", "--as", "sec"],
            ["actor", "add", "X", "--name", "A", "--role", "assessor", "--as", "sec"],
            ["actor", "add", "act-N", "--name", "X", "--role", "assessor", "--as", "sec"],
            ["actor", "add", "acu-N", "--name", "A", "--role", "X", "--as", "sec"],
            ["actor", "add", "acv-N", "--name", "A", "--role", "applicant", "--organisation", "X", "--as", "sec"],
            [
                "coi", "declare", "--actor", "carl", "--organisation", "hillside", "--from", "2024-01-N", "--reason",
                "X", "--as", "carl",
            ],
            ["coi", "list", "--organisation", "X", "--as", "sec"],
            ["case", "open", "X", "--organisation", "riverside", "--as", "sec"],
            ["case", "open", "C-N", "--organisation", "X", "--as", "sec"],
            ["case", "open", "C-W-N", "--organisation", "riverside", "--workflow", "X", "--as", "sec"],
            ["case", "list", "--state", "X", "--as", "sec"],
            ["case", "show", "X", "--as", "sec"], ["case", "next", "X", "--as", "sec"],
            ["case", "show", "C-1", "--as", "X"], ["case", "show", "C-1", "--as", "sec", "--at", "X"],
            ["case", "fire", "C-1", "X", "--as", "sec"],
            ["case", "fire", "C-1", "review.rate", "--data", "X", "--as", "alice"],
            ["case", "fire", "C-1", "review.rate", "--as", "alice", "--request-id", "X"],
            ["review", "rate", "C-1", "X", "met", "--as", "alice"],
            ["review", "rate", "C-1", "SL-1.1", "X", "--as", "alice"],
            ["review", "rate", "C-1", "SL-1.2", "met", "--note", "X", "--as", "alice"],
            ["review", "summary", "X", "--as", "sec"],
            ["evidence", "upload", "C-2", "X", "--criterion", "SL-1.1", "--item", "1", "--as", "ann"],
            ["evidence", "upload", "C-2", file, "--criterion", "X", "--as", "ann"],
            ["evidence", "upload", "C-2", file, "--criterion", "SL-1.2", "--item", "1", "--name", "X", "--as", "ann"],
            [
                "evidence", "upload", "C-2", file, "--criterion", "SL-2.1", "--item", "1", "--supersedes", "X", "--as",
                "ann",
            ],
            ["evidence", "show", "C-1", "X", "--as", "sec"],
            ["evidence", "get", "C-1", "X", "--out", directory + "/get-N", "--as", "sec"],
            ["evidence", "get", "C-1", "E-1", "--out", "X", "--as", "sec"],
            ["evidence", "accept", "C-1", "X", "--as", "alice"],
            ["evidence", "reject", "C-1", "E-N", "--reason", "X", "--as", "alice"],
            ["decision", "record", "C-1", "X", "--as", "dana"],
            ["decision", "record", "C-1", "accredited", "--justification", "X", "--as", "dana"],
            ["award", "show", "X", "--as", "sec"], ["award", "verify", "X"],
            ["timers", "fire", "--case", "X", "--as", "sec"], ["timers", "fire", "--at", "X", "--as", "sec"],
            ["report", "--at", "X", "--as", "sec"],
            ["history", "X", "--as", "aud"], ["history", "C-1", "--actor", "X", "--event", "X", "--as", "aud"],
            ["replay", "X", "--as", "aud"], ["replay", "C-1", "--as-at", "X", "--as", "aud"],
            ["replay", "C-1", "--workflow", "X", "--as", "aud"],
            ["audit", "verify", "X", "--as", "aud"], ["audit", "verify", "--all", "--since", "X", "--as", "aud"],
            ["audit", "export", "X", "--out", directory + "/export-N.json", "--as", "aud"],
            ["audit", "verify-bundle", "X"],
            ["workflow", "validate", "X"], ["workflow", "show", "X"], ["workflow", "simulate", "X"],
            ["framework", "validate", "X"], ["framework", "show", "X"], ["workflow", "publish", "X", "--as", "sec"],
        ]
    }

    @Test func hostileStringsThroughEveryCommandAreStoredVerbatimOrRefused() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toReview()
            try cli.toEvidence("C-2")
            let file = try cli.evidenceFile("hostile.csv", "criterion,evidence\nSL-1.1,hostile\n")
            let repositoryBefore = Set(try FileManager.default.contentsOfDirectory(atPath: CLIRunner.repository))
            var runs = 0
            var stored = 0
            var accepted: [[String]: Set<String>] = [:]
            for (number, hostile) in Self.strings.enumerated() {
                for template in Self.templates(file, cli.directory) {
                    let arguments = template.map {
                        $0 == "X" ? hostile : $0.replacingOccurrences(of: "-N", with: "-\(number + 1)")
                    }
                    let result = try cli.run(arguments)
                    runs += 1
                    if result.status == 0 {
                        stored += 1
                        accepted[template, default: []].insert(hostile)
                    }
                    #expect(
                        [0, 1, 2, 3, 4].contains(result.status),
                        "\(template) with \(hostile.prefix(40)): exit \(result.status) \(result.stderr.prefix(300))")
                    #expect(!result.stderr.contains("Fatal error"), "\(template): \(result.stderr.prefix(300))")
                    if result.status != 0 {
                        #expect(
                            Self.isClearError(result.stderr),
                            "\(template) with \(hostile.prefix(40)): \(result.stderr.prefix(300))")
                    }
                }
            }
            // Nothing was written outside the test's directory, nothing was executed, and the store is consistent.
            let repositoryAfter = Set(try FileManager.default.contentsOfDirectory(atPath: CLIRunner.repository))
            #expect(repositoryAfter.subtracting(repositoryBefore).isEmpty, "files appeared in the repository")
            #expect(!FileManager.default.fileExists(atPath: "/tmp/pwned"))
            try cli.expectConsistent("after the hostile strings")
            #expect(try cli.caseVersion("C-1") > 0)
            // Printed for people, stored control characters and bidi overrides are escaped, never sent raw.
            let table = try cli.ok(["org", "list", "--as", "sec"]).stdout
            #expect(table.contains("\\u{1B}[31mred"))
            #expect(!table.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E || $0.value == 0x07 })
            // What was accepted is stored byte for byte.
            let connection = try PostgresConnection(conninfo: cli.conninfo)
            let names = try connection.query("SELECT name FROM organisations WHERE organisation_id LIKE 'org-%'")
                .map { try $0[0].string() }
            let orgNames = accepted[["org", "register", "org-N", "--name", "X", "--as", "sec"]] ?? []
            #expect(Set(names) == orgNames, "every accepted organisation name is stored verbatim")
            #expect(
                orgNames.count >= Self.strings.count - 3, "only the over-long name and the two that look like options")
            let notes = try connection.query(
                """
                SELECT payload FROM case_events WHERE case_id = 'C-1' AND type = 'review.rate'
                AND payload LIKE '%"note"%'
                """
            ).map { try CanonicalJSON.parse(try $0[0].string())["note"] }
            let noted = accepted[["review", "rate", "C-1", "SL-1.2", "met", "--note", "X", "--as", "alice"]] ?? []
            #expect(
                Set(
                    notes.compactMap { value -> String? in
                        if case .string(let text)? = value { return text }
                        return nil
                    }) == noted, "every accepted note is stored verbatim")
            #expect(noted.count >= Self.strings.count - 3)
            ReliabilityScale.report(
                "hostile.arguments",
                "\(Self.strings.count) hostile strings × \(Self.templates(file, cli.directory).count) command slots = "
                    + "\(runs) runs: \(stored) stored verbatim, \(runs - stored) refused with exit 1, 2 or 4; no crash")
        }
    }

    /// An error as the CLI prints them: `error: …`, ArgumentParser's `Error: …`, or a compiler-style diagnostic
    /// `file:line:column: error: rule: message` for XML.
    static func isClearError(_ stderr: String) -> Bool {
        stderr.hasPrefix("error: ") || stderr.hasPrefix("Error: ") || stderr.contains(": error: ")
    }

    @Test func hostileFilesAreRefusedClearly() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toReview()
            let directory = cli.directory
            func write(_ name: String, _ bytes: [UInt8]) throws -> String {
                let path = directory + "/" + name
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                return path
            }
            let deep = try write("deep.json", Array(String(repeating: "[", count: 200_000).utf8))
            let wide = try write(
                "wide.json",
                Array(("{" + (0..<200_000).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + "}").utf8))
            let huge = try write(
                "huge.json", Array(("{\"note\":\"" + String(repeating: "x", count: 10 << 20) + "\"}").utf8))
            let badUTF8 = try write("bad.json", Array("{\"note\":\"".utf8) + [0xC3, 0x28, 0xFF] + Array("\"}".utf8))
            let nul = try write("nul.json", Array("{\"note\":\"a\\u0000b\"}".utf8))
            let numbers = try write("numbers.json", Array("{\"note\":1e999999,\"n\":-0}".utf8))
            let xmlBomb = try write(
                "bomb.scxml",
                Array(
                    """
                    <?xml version="1.0"?>
                    <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                    <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
                    <scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0"><state id="&lol3;"/></scxml>
                    """.utf8))
            let xxe = try write(
                "xxe.xml",
                Array(
                    """
                    <?xml version="1.0"?><!DOCTYPE f [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                    <framework xmlns="urn:accredit:framework:1" name="&x;" version="1"/>
                    """.utf8))
            let bigXML = try write(
                "big.scxml",
                Array(
                    ("<scxml xmlns=\"http://www.w3.org/2005/07/scxml\" version=\"1.0\"><state id=\""
                        + String(repeating: "s", count: 10 << 20) + "\"/></scxml>").utf8))
            let binaryXML = try write("binary.xml", (0..<65_536).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            let cases: [(String, [String], Set<Int32>)] = [
                ("deep JSON", ["case", "fire", "C-1", "review.rate", "--data", "@" + deep, "--as", "alice"], [2]),
                ("wide JSON", ["case", "fire", "C-1", "review.rate", "--data", "@" + wide, "--as", "alice"], [2]),
                ("10 MB JSON", ["case", "fire", "C-1", "review.rate", "--data", "@" + huge, "--as", "alice"], [2]),
                (
                    "invalid UTF-8", ["case", "fire", "C-1", "review.rate", "--data", "@" + badUTF8, "--as", "alice"],
                    [2]
                ),
                ("NUL escape", ["case", "fire", "C-1", "review.rate", "--data", "@" + nul, "--as", "alice"], [1]),
                (
                    "huge number", ["case", "fire", "C-1", "review.rate", "--data", "@" + numbers, "--as", "alice"],
                    [1, 2]
                ),
                ("deep bundle", ["audit", "verify-bundle", deep], [1, 2]),
                ("deep checkpoint", ["audit", "verify", "--all", "--since", deep, "--as", "aud"], [1, 2]),
                ("deep certificate", ["award", "verify", deep], [2]),
                ("bad UTF-8 bundle", ["audit", "verify-bundle", badUTF8], [1, 2]),
                ("entity bomb", ["workflow", "validate", xmlBomb], [2]),
                ("external entity", ["framework", "validate", xxe], [2]),
                ("10 MB XML", ["workflow", "validate", bigXML], [2]),
                ("binary XML", ["framework", "validate", binaryXML], [2]),
                ("binary workflow", ["workflow", "simulate", binaryXML], [2]),
                ("binary replay", ["replay", "C-1", "--workflow", binaryXML, "--as", "aud"], [2]),
            ]
            for (label, arguments, expected) in cases {
                let result = try cli.run(arguments)
                #expect(
                    expected.contains(result.status), "\(label): exit \(result.status) \(result.stderr.prefix(300))")
                #expect(Self.isClearError(result.stderr), "\(label): \(result.stderr.prefix(300))")
                #expect(!result.stderr.contains("root:x:0:0"), "\(label) must not read /etc/passwd")
                #expect(result.stderr.utf8.count < 4_000, "\(label): the error is one clear line, not an echo")
            }
            // A NUL inside JSON text is data like any other character: a rating note may carry it.
            let rated = try cli.run([
                "review", "rate", "C-1", "SL-1.1", "met", "--note", "a\u{1}b", "--as", "alice",
            ])
            #expect(rated.status == 0)
            try cli.expectConsistent("after the hostile files")
            ReliabilityScale.report("hostile.files", "\(cases.count) hostile files refused clearly; no crash")
        }
    }

    @Test func datesFarInThePastOrFutureAreRefusedOrStoredExactly() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toEvidence()
            let times = [
                "0001-01-01", "0001-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "1900-02-29", "2024-02-30",
                "9999-12-31T23:59:59.999999Z", "10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z",
                "2026-01-01T00:00:00+14:00", "2026-13-01", "2026-01-01T25:00:00Z", "99999999999999999999",
            ]
            var runs = 0
            for time in times {
                for arguments in [
                    ["case", "fire", "C-1", "evidence.extend", "--at", time, "--as", "sec"],
                    ["case", "open", "C-T\(runs)", "--organisation", "riverside", "--at", time, "--as", "sec"],
                    [
                        "coi", "declare", "--actor", "carl", "--organisation", "hillside", "--from", time, "--reason",
                        "r",
                        "--as", "carl",
                    ],
                    ["timers", "fire", "--at", time, "--as", "sec"], ["report", "--at", time, "--as", "sec"],
                    ["history", "C-1", "--since", time, "--as", "aud"],
                    ["replay", "C-1", "--as-at", time, "--as", "aud"],
                    ["case", "list", "--overdue", "--at", time, "--as", "sec"],
                ] {
                    let result = try cli.run(arguments)
                    runs += 1
                    #expect([0, 1, 2, 4].contains(result.status), "\(arguments): \(result.stderr.prefix(300))")
                    #expect(!result.stderr.contains("Fatal error"), "\(arguments): \(result.stderr.prefix(300))")
                }
            }
            try cli.expectConsistent("after the far dates")
            ReliabilityScale.report("hostile.dates", "\(times.count) dates × 8 commands = \(runs) runs; no crash")
        }
    }

    @Test func evidenceEdgeCasesAreRefusedOrFlagged() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toEvidence()
            let directory = cli.directory
            var limited = cli
            limited.environment = ["ACCREDIT_MAX_UPLOAD_BYTES": "\(1 << 20)"]
            func upload(_ path: String, runner: CLIRunner? = nil) throws -> CLIRunner.Result {
                try (runner ?? cli).run([
                    "evidence", "upload", "C-1", path, "--criterion", "SL-1.1", "--item", "1", "--as", "ann",
                ])
            }
            let empty = try cli.evidenceFile("empty.pdf", "")
            let emptyResult = try upload(empty)
            #expect(emptyResult.status == 2, "\(emptyResult.stderr)")
            #expect(emptyResult.stderr.contains("empty"), "\(emptyResult.stderr)")

            let png = directory + "/board-minutes.pdf"
            try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 64))
                .write(to: URL(fileURLWithPath: png))
            let mismatch = try cli.run([
                "evidence", "upload", "C-1", png, "--criterion", "SL-1.1", "--item", "1", "--as", "ann", "--json",
            ])
            #expect(mismatch.status == 0, "\(mismatch.stderr)")
            #expect(try mismatch.json()["mediaMismatch"] as? Bool == true, "\(mismatch.stdout)")

            let big = directory + "/two-gib.pdf"
            _ = FileManager.default.createFile(atPath: big, contents: Data("%PDF-1.7\n".utf8))
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: big))
            try handle.truncate(atOffset: 2 << 30)
            try handle.close()
            let tooBig = try upload(big, runner: limited)
            #expect(tooBig.status == 2, "\(tooBig.stderr)")
            #expect(tooBig.stderr.contains("limit") || tooBig.stderr.contains("larger"), "\(tooBig.stderr)")

            let link = directory + "/link.csv"
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: png)
            let linked = try upload(link)
            #expect(linked.status == 2, "\(linked.stderr)")
            #expect(linked.stderr.contains("symbolic link"), "\(linked.stderr)")

            let fifo = directory + "/fifo.csv"
            mkfifo(fifo, 0o600)
            let special = try upload(fifo)
            #expect(special.status == 2, "\(special.stderr)")

            // A file that grows while it is read is refused; nothing half-stored remains.
            let growing = directory + "/growing.csv"
            _ = FileManager.default.createFile(atPath: growing, contents: Data(repeating: 65, count: 64 << 20))
            let running = try cli.start([
                "evidence", "upload", "C-1", growing, "--criterion", "SL-1.2", "--item", "1", "--as", "ann",
            ])
            let writer = try FileHandle(forWritingTo: URL(fileURLWithPath: growing))
            try writer.seekToEnd()
            while running.process.isRunning {
                try writer.write(contentsOf: Data(repeating: 66, count: 1 << 16))
                usleep(1_000)
            }
            try writer.close()
            let changed = try running.finish()
            #expect(changed.status == 2, "\(changed.stderr)")
            #expect(changed.stderr.contains("changed"), "\(changed.stderr)")

            let listed = try cli.ok(["evidence", "list", "C-1", "--as", "sec", "--json"]).json()
            #expect((listed["evidence"] as? [[String: Any]])?.count == 1, "only the mismatched file was stored")
            try cli.expectConsistent("after the evidence edge cases")

            // A stored file whose bytes were swapped is refused on the way out (exit 1), and fsck and the audit say so.
            let shown = try cli.ok(["evidence", "show", "C-1", "E-1", "--as", "sec", "--json"]).json()
            let sha256 = try #require(shown["sha256"] as? String)
            let stored = "\(directory)/blobs/sha256/\(sha256.prefix(2))/\(sha256.dropFirst(2).prefix(2))/\(sha256)"
            try Data("swapped".utf8).write(to: URL(fileURLWithPath: stored))
            let out = directory + "/out.png"
            let corrupt = try cli.run(["evidence", "get", "C-1", "E-1", "--out", out, "--as", "sec"])
            #expect(corrupt.status == 1, "\(corrupt.stderr)")
            #expect(corrupt.stderr.contains("corrupt"), "\(corrupt.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
            #expect(try cli.run(["evidence", "fsck", "--as", "sec"]).status == 1)
            #expect(try cli.run(["audit", "verify", "C-1", "--as", "aud"]).status == 1)
        }
    }
}

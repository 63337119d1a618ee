import Foundation
import PostgresTestSupport
import Testing

/// The README's walkthrough runs as written: every `console` block of its "Walkthrough" section is one shell session,
/// run against the built binary on a fresh embedded store, and each command prints what the README shows.
struct ReadmeWalkthroughTests {
    /// One `$ command` of the README with the output shown under it.
    struct Step {
        var command: String
        var expected: [String]
    }

    /// The home the README's walkthrough uses; the test runs in its own directory and puts this path back in what
    /// the commands print before comparing.
    static let shownHome = "/tmp/accredit-walkthrough"

    /// The steps of the walkthrough's console blocks, in order.
    static func steps(of readme: String) -> [Step] {
        guard let start = readme.range(of: "\n## Walkthrough") else { return [] }
        let section = readme[start.upperBound...]
        let body = section.range(of: "\n## ").map { section[..<$0.lowerBound] } ?? section
        var steps: [Step] = []
        var inBlock = false
        for line in body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line == "```console" {
                inBlock = true
            } else if line == "```" {
                inBlock = false
            } else if inBlock, line.hasPrefix("$ ") {
                steps.append(Step(command: String(line.dropFirst(2)), expected: []))
            } else if inBlock, !steps.isEmpty {
                steps[steps.count - 1].expected.append(line)
            }
        }
        return steps
    }

    /// Whether `actual` matches `expected`, where `…` in a line stands for any text and a line `…` for any lines.
    static func matches(_ expected: ArraySlice<String>, _ actual: ArraySlice<String>) -> Bool {
        guard let first = expected.first else { return actual.isEmpty }
        if first == "…" {
            return (actual.startIndex...actual.endIndex).contains { matches(expected.dropFirst(), actual[$0...]) }
        }
        guard let line = actual.first, matches(line: first, line) else { return false }
        return matches(expected.dropFirst(), actual.dropFirst())
    }

    /// Whether one line matches, `…` standing for any text.
    static func matches(line pattern: String, _ line: String) -> Bool {
        let parts = pattern.components(separatedBy: "…")
        guard parts.count > 1 else { return pattern == line }
        guard line.hasPrefix(parts[0]), line.hasSuffix(parts[parts.count - 1]),
            line.count >= parts[0].count + parts[parts.count - 1].count
        else { return false }
        var rest = line.dropFirst(parts[0].count).dropLast(parts[parts.count - 1].count)
        for part in parts.dropFirst().dropLast() {
            guard let found = rest.range(of: part) else { return false }
            rest = rest[found.upperBound...]
        }
        return true
    }

    @Test func theMatcherTakesWildcardsAndNothingElse() {
        #expect(Self.matches(line: "sha256 …) for SL-1.2", "sha256 318bf15d9f1b…) for SL-1.2"))
        #expect(!Self.matches(line: "sha256 …) for SL-1.2", "sha256 318bf15d9f1b…) for SL-1.3"))
        #expect(Self.matches(["a", "…", "d"], ["a", "b", "c", "d"]))
        #expect(Self.matches(["a", "…"], ["a"]))
        #expect(!Self.matches(["a", "d"], ["a", "b", "d"]))
        #expect(!Self.matches(["a"], ["a", "b"]))
    }

    @Test func theWalkthroughRunsAsWritten() async throws {
        let readme = try String(contentsOfFile: CLIRunner.repository + "/README.md", encoding: .utf8)
        let steps = Self.steps(of: readme)
        #expect(steps.count > 40, "the walkthrough has \(steps.count) commands")
        try await TestFiles.withTemporaryDirectory { directory in
            // The embedded cluster runs as `postgres` when the tests run as root: it must be able to reach the home.
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory)
            let home = directory + "/accredit-walkthrough"
            var script = "cd \"$HOME\"\n"
            for (index, step) in steps.enumerated() {
                let command = step.command.replacingOccurrences(of: Self.shownHome, with: home)
                script += "printf '\\n@@step %d@@\\n' \(index)\n{ \(command)\n} 2>&1\n"
            }
            script += "accreditctl db stop >/dev/null 2>&1\n"
            script += "printf '\\n@@step end@@\\n'\n"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", script]
            let binaries = URL(fileURLWithPath: CLIRunner.binary).deletingLastPathComponent().path
            let inherited = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            process.environment = ["HOME": directory, "PATH": binaries + ":" + inherited, "LANG": "C.UTF-8"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let text = output.replacingOccurrences(of: home, with: Self.shownHome)
            for (index, step) in steps.enumerated() {
                guard let from = text.range(of: "@@step \(index)@@\n"),
                    let to = text.range(of: "\n@@step ", range: from.upperBound..<text.endIndex)
                else {
                    Issue.record("step \(index) (\(step.command)) printed no marker: the session stopped\n\(text)")
                    return
                }
                var actual = text[from.upperBound..<to.lowerBound].split(
                    separator: "\n", omittingEmptySubsequences: false
                )
                .map(String.init)
                while actual.last == "" { actual.removeLast() }
                var expected = step.expected
                while expected.last == "" { expected.removeLast() }
                #expect(
                    Self.matches(expected[...], actual[...]),
                    """
                    README step \(index): $ \(step.command)
                    shown:
                    \(expected.joined(separator: "\n"))
                    printed:
                    \(actual.joined(separator: "\n"))
                    """)
            }
        }
    }
}

/// The embedded store explains a home its server cannot reach, instead of passing on initdb's words.
struct EmbeddedHomeTests {
    @Test(.enabled(if: getuid() == 0, "the embedded server runs as postgres only when the tool runs as root"))
    func aHomeThePostgresUserCannotReachIsExplained() async throws {
        try await TestFiles.withTemporaryDirectory { directory in
            // The temporary directory is private to root, as /root is.
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory)
            let cli = CLIRunner(conninfo: "", directory: directory)
            let result = try cli.run(["init"])
            #expect(result.status == 5)
            #expect(
                result.stderr.hasPrefix("error: the embedded PostgreSQL runs as the postgres user, which cannot reach ")
            )
            #expect(result.stderr.contains("Set ACCREDIT_HOME to a folder it can reach"))
        }
    }
}

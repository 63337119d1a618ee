import EvidenceStore
import Foundation
import PostgresTestSupport
import Testing

/// SIGKILL at a random moment during an append, an upload, `timers fire` and `db migrate`. After every trial the
/// audit and fsck are clean, and retrying the command applies it exactly once (write commands carry a request id).
///
/// Bounded by default (3 trials of each kind); `ACCREDIT_RELIABILITY=full` runs 13 of each (52 in all).
@Suite(.serialized) struct CrashSafetyTests {
    static let trials = ReliabilityScale.count(bounded: 3, full: 13)

    @Test func appendsKilledAtRandomAreAppliedOnceOnRetry() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toReview()
            var random = SeededGenerator(seed: ReliabilityScale.seed)
            var version = try cli.caseVersion()
            let window = try cli.duration(["review", "rate", "C-1", "SL-1.1", "met", "--as", "alice"])
            version += 1
            var tally = KillTally()
            for trial in 0..<Self.trials {
                let criterion = CLIRunner.criteria[trial % CLIRunner.criteria.count]
                let command = [
                    "review", "rate", "C-1", criterion, "partially-met", "--as", "alice", "--request-id",
                    "rate-\(trial)",
                ]
                let killed = try cli.killAtRandom(command, within: window, using: &random)
                try cli.expectConsistent("append trial \(trial)")
                tally.add(killed: killed, committed: try cli.caseVersion() > version)
                try cli.ok(command)
                let repeated = try cli.ok(command)
                #expect(repeated.stdout.contains("already recorded"), "\(repeated.stdout)")
                version += 1
                #expect(try cli.caseVersion() == version, "append trial \(trial) must add exactly one event")
            }
            ReliabilityScale.report("crash.append", tally.description)
        }
    }

    @Test func uploadsKilledAtRandomAreStoredOnceOnRetry() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toEvidence()
            var random = SeededGenerator(seed: ReliabilityScale.seed &+ 1)
            let sample = try cli.evidenceFile("sample.csv", String(repeating: "criterion,evidence\n", count: 50_000))
            let window = try cli.duration([
                "evidence", "upload", "C-1", sample, "--criterion", "SL-1.1", "--item", "1", "--as", "ann",
            ])
            var tally = KillTally()
            for trial in 0..<Self.trials {
                let rows = Int.random(in: 1...200_000, using: &random)
                let content = "trial,row\n" + String(repeating: "\(trial),row\n", count: rows)
                let file = try cli.evidenceFile("upload-\(trial).csv", content)
                let command = [
                    "evidence", "upload", "C-1", file, "--criterion", "SL-1.2", "--item", "1", "--as", "ann",
                    "--request-id",
                    "upload-\(trial)",
                ]
                let version = try cli.caseVersion()
                let killed = try cli.killAtRandom(command, within: window, using: &random)
                // A kill between storing the file and committing its record leaves that one file unreferenced
                // (audit and fsck report it, as they must); the retry adopts it, and then all is clean.
                try cli.expectConsistent(
                    "upload trial \(trial)", allowingOrphan: DefinitionCatalog.sha256(of: content))
                tally.add(killed: killed, committed: try cli.caseVersion() > version)
                try cli.ok(command)
                try cli.expectConsistent("upload trial \(trial), after the retry")
                #expect(try cli.ok(command).stdout.contains("already uploaded"))
                let listed = try cli.ok(["evidence", "list", "C-1", "--as", "sec", "--json"]).json()
                let items = try #require(listed["evidence"] as? [[String: Any]])
                #expect(items.count == trial + 2, "upload trial \(trial) must store exactly one evidence item")
            }
            try cli.expectConsistent("after the upload trials")
            ReliabilityScale.report("crash.upload", tally.description)
        }
    }

    @Test func timerDeliveryKilledAtRandomDeliversOnceOnRetry() async throws {
        try await CLIRunner.withWorld { cli in
            var random = SeededGenerator(seed: ReliabilityScale.seed &+ 2)
            var window = 0.0
            var killed = 0
            for trial in 0..<Self.trials {
                let caseID = "C-T\(trial)"
                try cli.toEvidence(caseID)
                // Each trial's deadline falls due when the sandbox store's clock moves 100 days further on.
                let due = ISO8601DateFormatter().string(
                    from: Date().addingTimeInterval(Double(trial + 1) * 100 * 86_400))
                try cli.ok(["store", "set", "clock", due, "--as", "sec"])
                let command = ["timers", "fire", "--as", "sec", "--case", caseID]
                if trial == 0 {
                    window = try cli.duration(command)
                } else {
                    if try cli.killAtRandom(command, within: window, using: &random) { killed += 1 }
                    try cli.expectConsistent("timer trial \(trial)")
                    try cli.ok(command)
                }
                #expect(try cli.ok(command).stdout.contains("no deadlines due"))
                let history = try cli.ok(["history", caseID, "--as", "aud", "--json"]).json()
                let events = try #require(history["events"] as? [[String: Any]])
                let deliveries = events.filter { ($0["event"] as? String) == "deadline.evidence" }
                #expect(deliveries.count == 1, "timer trial \(trial) must deliver the deadline exactly once")
            }
            ReliabilityScale.report("crash.timers", "\(Self.trials - 1) trials, \(killed) killed mid-command, lost 0")
        }
    }

    @Test func migrationsKilledAtRandomCompleteOnRetry() async throws {
        try await TestFiles.withTemporaryDirectory { directory in
            var random = SeededGenerator(seed: ReliabilityScale.seed &+ 3)
            let window = try await TestDatabase.withDatabase { conninfo in
                try CLIRunner(conninfo: conninfo, directory: directory).duration(["db", "migrate"])
            }
            var killed = 0
            for trial in 0..<Self.trials {
                try await TestDatabase.withDatabase { conninfo in
                    let cli = CLIRunner(conninfo: conninfo, directory: directory)
                    if try cli.killAtRandom(["db", "migrate"], within: window, using: &random) { killed += 1 }
                    try cli.ok(["db", "migrate"])
                    try cli.ok(["init"])
                    try cli.ok(["actor", "add", "sec", "--name", "Sec", "--role", "secretariat", "--as", "sec"])
                    let status = try cli.ok(["db", "status", "--json"]).stdout
                    #expect(!status.contains("pending"), "migration trial \(trial): \(status)")
                    try cli.expectConsistent("migration trial \(trial)")
                    #expect(try cli.ok(["db", "migrate"]).status == 0)
                }
            }
            ReliabilityScale.report("crash.migrate", "\(Self.trials) trials, \(killed) killed mid-command, lost 0")
        }
    }
}

/// How the kills of a crash suite landed.
struct KillTally: CustomStringConvertible {
    var beforeCommit = 0
    var afterCommit = 0
    var finished = 0

    mutating func add(killed: Bool, committed: Bool) {
        if !killed {
            finished += 1
        } else if committed {
            afterCommit += 1
        } else {
            beforeCommit += 1
        }
    }

    var description: String {
        "\(beforeCommit + afterCommit + finished) trials: \(beforeCommit) killed before the commit, \(afterCommit) "
            + "between the commit and the exit, \(finished) finished first; every retry applied once, lost 0"
    }
}

extension CLIRunner {
    /// Takes a case to desk review: evidence for every mandatory criterion and a self-assessment, submitted.
    func toReview(_ caseID: String = "C-1") throws {
        try toEvidence(caseID)
        for (index, criterion) in Self.mandatory.enumerated() {
            let file = try evidenceFile("\(caseID)-mandatory-\(index).csv", "criterion,evidence\n\(criterion),x\n")
            try ok(["evidence", "upload", caseID, file, "--criterion", criterion, "--item", "1", "--as", "ann"])
        }
        try completeSubmission(caseID, file: try evidenceFile("\(caseID)-more.csv", "criterion,evidence\nmore,x\n"))
        try ok(["case", "fire", caseID, "evidence.submit", "--as", "ann"])
    }

    /// The stored version of a case.
    func caseVersion(_ caseID: String = "C-1") throws -> Int {
        let shown = try ok(["case", "show", caseID, "--as", "sec", "--json"]).json()
        guard let version = shown["version"] as? Int else { throw RunnerError("no version in \(shown)") }
        return version
    }

    /// Runs a command to completion and returns how long it took, in seconds.
    func duration(_ arguments: [String]) throws -> Double {
        let start = Date()
        try ok(arguments)
        return Date().timeIntervalSince(start)
    }

    /// Starts a command and sends it SIGKILL after a random delay within 1.15 × `window` seconds (a little past a
    /// normal run, so some kills land between the commit and the reply, and a few after the end).
    ///
    /// - Returns: Whether the command was still running when it was killed.
    func killAtRandom(_ arguments: [String], within window: Double, using random: inout SeededGenerator) throws
        -> Bool
    {
        let deadline = Date().addingTimeInterval(Double.random(in: 0...max(window * 1.15, 0.001), using: &random))
        let running = try start(arguments)
        while running.process.isRunning && Date() < deadline { usleep(200) }
        let killed = running.process.isRunning
        if killed { kill(running.process.processIdentifier, SIGKILL) }
        _ = try running.finish()
        return killed
    }

    /// Requires a clean `audit verify --all` and `evidence fsck`, except, when `orphan` is given, that one stored
    /// file left unreferenced (a killed upload's), reported as the only problem by both.
    func expectConsistent(_ context: String, allowingOrphan orphan: String? = nil) throws {
        let audit = try run(["audit", "verify", "--all", "--as", "sec"])
        let fsck = try run(["evidence", "fsck", "--as", "sec"])
        if let orphan, audit.status != 0 || fsck.status != 0 {
            #expect(
                audit.stdout.contains("evidence-orphaned") && audit.stdout.contains(orphan),
                "\(context): \(audit.stdout)")
            #expect(audit.stdout.contains(": 1 problem(s)"), "\(context): audit verify: \(audit.stdout)")
            #expect(fsck.stdout.contains(orphan), "\(context): evidence fsck: \(fsck.stdout) \(fsck.stderr)")
            return
        }
        #expect(audit.status == 0, "\(context): audit verify: \(audit.stdout) \(audit.stderr)")
        #expect(fsck.status == 0, "\(context): evidence fsck: \(fsck.stdout) \(fsck.stderr)")
    }

    /// Requires a clean `audit verify --all`, except for stored files left unreferenced whose hashes are among
    /// `orphans` (refused uploads'), each reported as `evidence-orphaned` and nothing else.
    func expectConsistent(_ context: String, allowingOrphans orphans: [String]) throws {
        let audit = try run(["audit", "verify", "--all", "--as", "sec"])
        guard audit.status != 0 else { return }
        let problems = audit.stdout.split(separator: "\n").filter { $0.contains(": ") && !$0.hasPrefix("  ") }
        let unexpected = problems.filter { line in
            !(line.contains("evidence-orphaned") && orphans.contains { line.contains($0) })
        }
        #expect(!problems.isEmpty && unexpected.isEmpty, "\(context): audit verify: \(audit.stdout) \(audit.stderr)")
    }
}

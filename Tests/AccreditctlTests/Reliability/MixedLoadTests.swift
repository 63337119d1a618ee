import AccreditEngine
import Crypto
import EvidenceStore
import Foundation
import PostgresTestSupport
import Testing

/// Eight client processes at once, each issuing a stream of mixed commands (fires, uploads, ratings, evidence
/// reviews, deadline deliveries and reads) against overlapping cases. Every command either succeeds and is in the
/// log exactly once, or exits 1 (a rule refused it) or 3 (another writer got in first) with a clear message.
/// Afterwards the audit and fsck are clean.
///
/// Bounded by default (8 × 25 commands); `ACCREDIT_RELIABILITY=full` runs 8 × 200.
@Suite(.serialized) struct MixedLoadTests {
    static let workers = 8
    static let commandsPerWorker = ReliabilityScale.count(bounded: 25, full: 200)

    /// What one command did.
    struct Attempt: Sendable {
        var arguments: [String]
        var requestID: String?
        var event: String?
        var status: Int32
        var stderr: String
        var stdout: String
    }

    @Test func eightProcessesOfMixedCommandsLoseNothing() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toReview()
            try cli.toReview("C-2")
            try cli.toEvidence("C-3")
            try cli.toEvidence("C-4")
            let setupEvents = try ["C-1", "C-2", "C-3", "C-4"].map { try cli.caseVersion($0) }.reduce(0, +)
            let files = try (0..<4).map { index in
                try cli.evidenceFile("load-\(index).csv", "criterion,evidence\nload,\(index)\n")
            }
            let due = ISO8601DateFormatter().string(from: Date().addingTimeInterval(100 * 86_400))
            try cli.ok(["store", "set", "clock", due, "--as", "sec"])
            let seed = ReliabilityScale.seed
            let results = Results()
            let group = DispatchGroup()
            let started = Date()
            for worker in 0..<Self.workers {
                group.enter()
                let thread = Thread {
                    var random = SeededGenerator(seed: seed &+ UInt64(worker) &* 7919)
                    for index in 0..<Self.commandsPerWorker {
                        let (arguments, event) = Self.command(
                            worker: worker, index: index, files: files, due: due, using: &random)
                        let requestID = event == nil ? nil : "w\(worker)-\(index)"
                        let full = arguments + (requestID.map { ["--request-id", $0] } ?? [])
                        do {
                            let result = try cli.run(full)
                            results.append(
                                Attempt(
                                    arguments: full, requestID: requestID, event: event, status: result.status,
                                    stderr: result.stderr, stdout: result.stdout))
                        } catch {
                            results.append(
                                Attempt(
                                    arguments: full, requestID: nil, event: nil, status: -1, stderr: "\(error)",
                                    stdout: ""))
                        }
                    }
                    group.leave()
                }
                thread.start()
            }
            group.wait()
            let seconds = Date().timeIntervalSince(started)
            let attempts = results.all
            #expect(attempts.count == Self.workers * Self.commandsPerWorker)

            var accepted: [String: String] = [:]
            var refused = 0
            var conflicts = 0
            for attempt in attempts {
                switch attempt.status {
                case 0:
                    if let requestID = attempt.requestID, let event = attempt.event { accepted[requestID] = event }
                case 1:
                    refused += 1
                    #expect(attempt.stderr.hasPrefix("error: "), "\(attempt.arguments): \(attempt.stderr)")
                case 3:
                    conflicts += 1
                    #expect(attempt.stderr.contains("reload"), "\(attempt.arguments): \(attempt.stderr)")
                default:
                    Issue.record("\(attempt.arguments) exited \(attempt.status): \(attempt.stderr)")
                }
                #expect(!attempt.stderr.contains("Fatal error"), "\(attempt.arguments): \(attempt.stderr)")
            }
            let delivered = attempts.filter { $0.status == 0 && $0.arguments.first == "timers" }
                .map { $0.stdout.components(separatedBy: "delivered").count - 1 }.reduce(0, +)

            // Every accepted command is in the log once, as the event it asked for; nothing else was appended.
            let connection = try PostgresConnection(conninfo: cli.conninfo)
            var logged: [String: String] = [:]
            for row in try connection.query(
                """
                SELECT r.request_id, e.type FROM case_requests r
                JOIN case_events e ON e.case_id = r.case_id AND e.seq = r.seq
                """)
            {
                logged[try row[0].string()] = try row[1].string()
            }
            #expect(logged == accepted)
            let total = try #require(try connection.query("SELECT count(*) FROM case_events").first)[0].int()
            #expect(Int(total) == setupEvents + accepted.count + delivered)
            // A refused upload keeps its stored file (content-addressed, disposed of only by an administrator): a
            // load file that no upload got in with may be left unreferenced, and is the only finding allowed.
            let uploaded = Set(
                attempts.filter { $0.status == 0 && $0.arguments.prefix(2) == ["evidence", "upload"] }.map {
                    $0.arguments[3]
                })
            let neverIn = try files.filter { !uploaded.contains($0) }.map { file in
                HashChain.hex(Array(SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: file)))))
            }
            try cli.expectConsistent("after the mixed load", allowingOrphans: neverIn)
            ReliabilityScale.report(
                "concurrency",
                "\(Self.workers) processes × \(Self.commandsPerWorker) commands in \(Int(seconds)) s: "
                    + "\(accepted.count) accepted writes, \(delivered) deadlines delivered, \(refused) refused (exit 1), "
                    + "\(conflicts) conflicts (exit 3), every accepted write logged once, audit and fsck clean")
        }
    }

    /// One random command for a worker, and the event it appends when it is a write.
    static func command(
        worker: Int, index: Int, files: [String], due: String, using random: inout SeededGenerator
    ) -> ([String], String?) {
        let reviewCase = ["C-1", "C-2"][Int.random(in: 0...1, using: &random)]
        let evidenceCase = ["C-3", "C-4"][Int.random(in: 0...1, using: &random)]
        let criterion = CLIRunner.criteria[Int.random(in: 0..<CLIRunner.criteria.count, using: &random)]
        let rating = ["met", "partially-met", "exceeded", "not-met"][Int.random(in: 0...3, using: &random)]
        let assessor = ["alice", "rex"][Int.random(in: 0...1, using: &random)]
        switch Int.random(in: 0..<10, using: &random) {
        case 0, 1:
            return (["review", "rate", reviewCase, criterion, rating, "--as", assessor], "review.rate")
        case 2:
            let data = "{\"criterion\":\"\(criterion)\",\"rating\":\"\(rating)\"}"
            return (["case", "fire", reviewCase, "review.rate", "--data", data, "--as", assessor], "review.rate")
        case 3, 4:
            let file = files[Int.random(in: 0..<files.count, using: &random)]
            return (
                ["evidence", "upload", evidenceCase, file, "--criterion", criterion, "--item", "1", "--as", "ann"],
                "evidence.upload"
            )
        case 5:
            let evidence = "E-\(Int.random(in: 1...13, using: &random))"
            return (["evidence", "accept", reviewCase, evidence, "--as", assessor], "evidence.accept")
        case 6:
            let evidence = "E-\(Int.random(in: 1...13, using: &random))"
            return (
                ["evidence", "reject", reviewCase, evidence, "--reason", "illegible", "--as", assessor],
                "evidence.reject"
            )
        case 7:
            // Deadline delivery for C-4 races with uploads to it; C-3 keeps its deadline.
            return (["timers", "fire", "--as", "sec", "--case", "C-4"], nil)
        case 8:
            return (["case", "show", [reviewCase, evidenceCase][index % 2], "--as", "sec", "--json"], nil)
        default:
            return (["evidence", "list", evidenceCase, "--as", "ann", "--json"], nil)
        }
    }

    /// Attempts collected from every worker thread.
    final class Results: @unchecked Sendable {
        private var attempts: [Attempt] = []
        private let lock = NSLock()

        func append(_ attempt: Attempt) {
            lock.lock()
            defer { lock.unlock() }
            attempts.append(attempt)
        }

        var all: [Attempt] {
            lock.lock()
            defer { lock.unlock() }
            return attempts
        }
    }
}

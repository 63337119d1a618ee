import Foundation
import Testing

/// Processes writing to one case at once: a write that loses the race is checked again against the changed case and
/// retried, so every one succeeds, and the log holds each write exactly once. Exit 3 is left for a pinned version
/// (`--expect-version`) the case is no longer at.
@Suite(.serialized) struct ConcurrencyEndToEndTests {
    @Test func concurrentWritersLoseNothing() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toEvidence()
            for (index, criterion) in CLIRunner.mandatory.enumerated() {
                let file = try cli.evidenceFile("e\(index).csv", "criterion,evidence\n\(criterion),x\n")
                try cli.ok(["evidence", "upload", "C-1", file, "--criterion", criterion, "--item", "1", "--as", "ann"])
            }
            try cli.completeSubmission("C-1", file: try cli.evidenceFile("more.csv", "criterion,evidence\nmore,x\n"))
            try cli.ok(["case", "fire", "C-1", "evidence.submit", "--as", "ann"])
            let before = try #require(
                try cli.ok(["case", "show", "C-1", "--as", "sec", "--json"]).json()["version"] as? Int)
            var accepted: [String] = []
            let pairs = stride(from: 0, to: 8, by: 2).map { Array(CLIRunner.criteria[$0..<($0 + 2)]) }
            for pair in pairs {
                let running = try pair.map { criterion in
                    try cli.start(["review", "rate", "C-1", criterion, "met", "--as", "alice"])
                }
                for (criterion, process) in zip(pair, running) {
                    let result = try process.finish()
                    #expect(result.status == 0, "\(result.stderr)")
                    if result.status == 0 { accepted.append(criterion) }
                }
            }
            #expect(accepted.count == 8)
            let after = try cli.ok(["case", "show", "C-1", "--as", "sec", "--json"]).json()
            #expect(after["version"] as? Int == before + accepted.count)
            let ratings = try #require(after["ratings"] as? [String: String])
            #expect(Set(ratings.keys) == Set(accepted))
        }
    }

    /// The figure: eight people uploading to one case at once got exit 3 for about two uploads in three.
    @Test func eightConcurrentUploadsToOneCaseAllSucceed() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toEvidence()
            let rounds = 2
            var uploaded = 0
            for round in 0..<rounds {
                let running = try (0..<8).map { index in
                    let file = try cli.evidenceFile("u\(round)-\(index).csv", "round,index\n\(round),\(index)\n")
                    return try cli.start([
                        "evidence", "upload", "C-1", file, "--criterion", "SL-1.1", "--item", "1", "--as", "ann",
                        "--request-id", "up-\(round)-\(index)",
                    ])
                }
                for process in running {
                    let result = try process.finish()
                    #expect(result.status == 0, "\(result.stderr)")
                    if result.status == 0 { uploaded += 1 }
                }
            }
            #expect(uploaded == 8 * rounds)
            let listed = try cli.ok(["evidence", "list", "C-1", "--as", "sec", "--json"]).json()
            let ids = try #require(listed["evidence"] as? [[String: Any]]).compactMap { $0["evidence"] as? String }
            #expect(Set(ids) == Set((1...(8 * rounds)).map { "E-\($0)" }))
            let shown = try cli.ok(["case", "show", "C-1", "--as", "sec", "--json"]).json()
            #expect(shown["version"] as? Int == 6 + 8 * rounds)
            try cli.expectConsistent("after concurrent uploads")
        }
    }

    @Test func aPinnedVersionTheCaseIsNoLongerAtExitsThree() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toEvidence()
            let version = try cli.caseVersion("C-1")
            let file = try cli.evidenceFile("pinned.csv", "a,b\n1,2\n")
            try cli.ok(["evidence", "upload", "C-1", file, "--criterion", "SL-1.1", "--item", "1", "--as", "ann"])
            let stale = try cli.run([
                "case", "fire", "C-1", "evidence.submit", "--as", "ann", "--expect-version", "\(version)",
            ])
            #expect(stale.status == 3, "\(stale.stderr)")
            #expect(stale.stderr.contains("changed to version \(version + 1) (you expected \(version))"))
            let invalid = try cli.run(["case", "fire", "C-1", "evidence.submit", "--as", "ann", "--expect-version=-1"])
            #expect(invalid.status == 2, "\(invalid.stderr)")
            #expect(try cli.caseVersion("C-1") == version + 1)
        }
    }
}

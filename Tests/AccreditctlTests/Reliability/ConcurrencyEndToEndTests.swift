import Foundation
import Testing

/// Two processes firing at one case at once: each either succeeds or exits 3 asking to reload, and the log holds
/// exactly the accepted events.
@Suite(.serialized) struct ConcurrencyEndToEndTests {
    @Test func concurrentWritersLoseNothing() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toEvidence()
            for (index, criterion) in CLIRunner.mandatory.enumerated() {
                let file = try cli.evidenceFile("e\(index).csv", "criterion,evidence\n\(criterion),x\n")
                try cli.ok(["evidence", "upload", "C-1", file, "--criterion", criterion, "--as", "ann"])
            }
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
                    #expect(result.status == 0 || result.status == 3, "\(result.stderr)")
                    if result.status == 3 { #expect(result.stderr.contains("reload")) }
                    if result.status == 0 { accepted.append(criterion) }
                }
            }
            #expect(!accepted.isEmpty)
            let after = try cli.ok(["case", "show", "C-1", "--as", "sec", "--json"]).json()
            #expect(after["version"] as? Int == before + accepted.count)
            let ratings = try #require(after["ratings"] as? [String: String])
            #expect(Set(ratings.keys) == Set(accepted))
        }
    }

    @Test func concurrentUploadsGetDistinctIdsOrAConflict() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toEvidence()
            var uploaded = 0
            for round in 0..<3 {
                let running = try (0..<2).map { index in
                    let file = try cli.evidenceFile("u\(round)-\(index).csv", "round,index\n\(round),\(index)\n")
                    return try cli.start(["evidence", "upload", "C-1", file, "--criterion", "SL-1.1", "--as", "ann"])
                }
                for process in running {
                    let result = try process.finish()
                    #expect(result.status == 0 || result.status == 3, "\(result.stderr)")
                    if result.status == 3 { #expect(result.stderr.contains("reload")) }
                    if result.status == 0 { uploaded += 1 }
                }
            }
            let listed = try cli.ok(["evidence", "list", "C-1", "--as", "sec", "--json"]).json()
            let ids = try #require(listed["evidence"] as? [[String: Any]]).compactMap { $0["evidence"] as? String }
            #expect(ids.count == uploaded)
            #expect(Set(ids).count == ids.count)
            let shown = try cli.ok(["case", "show", "C-1", "--as", "sec", "--json"]).json()
            #expect(shown["version"] as? Int == 4 + uploaded)
        }
    }
}

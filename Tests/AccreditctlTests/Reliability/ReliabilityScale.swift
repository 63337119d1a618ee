import Foundation

/// How hard the reliability suites push: a bounded run by default (what CI runs), the issue's full counts with
/// `ACCREDIT_RELIABILITY=full`. `ACCREDIT_RELIABILITY_SEED` replays a run's random choices.
enum ReliabilityScale {
    /// Whether the full counts were asked for.
    static let full = ProcessInfo.processInfo.environment["ACCREDIT_RELIABILITY"] == "full"

    /// The count to use: `bounded` by default, `full` when asked.
    static func count(bounded: Int, full fullCount: Int) -> Int { full ? fullCount : bounded }

    /// The seed for this run's random choices (printed with every report, so a failure can be replayed).
    static let seed: UInt64 =
        ProcessInfo.processInfo.environment["ACCREDIT_RELIABILITY_SEED"].flatMap { UInt64($0) }
        ?? UInt64(Date().timeIntervalSince1970 * 1000)

    /// Prints one figure line for docs/reliability.md, marked so it can be found in the test output.
    static func report(_ suite: String, _ figures: String) {
        print("reliability[\(suite)] \(full ? "full" : "bounded") seed=\(seed): \(figures)")
    }
}

import AccreditEngine
import Foundation

/// Prints engine throughput figures; build with `swift run -c release AccreditBenchmarks`.
@main
struct AccreditBenchmarks {
    static let workflow = "Definitions/workflows/patient-safety-accreditation.scxml"
    static let framework = "Definitions/frameworks/patient-safety-standards-v1.xml"
    static let usage = """
        usage: AccreditBenchmarks [replay [--events N] [--ratings-only] | load]
          (no argument)   every figure
          replay          the replay figures only; --events N replays N events instead of 1,000,000, and
                          --ratings-only measures inert replay alone (short runs for callgrind and perf)
          load            definition loading only
        run from the repository root
        """

    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        switch arguments.first {
        case nil:
            break
        case "replay":
            arguments.removeFirst()
            var events = 1_000_000
            var ratingsOnly = false
            while let option = arguments.first {
                arguments.removeFirst()
                switch option {
                case "--ratings-only": ratingsOnly = true
                case "--events":
                    guard let given = arguments.first.flatMap({ Int($0) }), given > 0 else { fail() }
                    arguments.removeFirst()
                    events = given
                default: fail()
                }
            }
            print(
                ReplayBenchmark.run(workflow: workflow, framework: framework, events: events, ratingsOnly: ratingsOnly))
            return
        case "load" where arguments.count == 1:
            print(FrameworkBenchmark.run(path: framework))
            print(WorkflowBenchmark.run(path: workflow))
            return
        default:
            fail()
        }
        print("Accredit engine benchmarks (microsteps per second; best of 3 runs)")
        for benchmark in [Charts.pingPong(), Charts.deepParallel(), Charts.thousandStates()] {
            let rate = try bestOf(3) { try benchmark.run(events: benchmark.events) }
            print("\(benchmark.name): \(format(rate)) microsteps/s (\(benchmark.events) events)")
        }
        let snapshotBenchmark = try SnapshotBenchmark(Charts.deepParallel())
        let (encode, decode, bytes) = try snapshotBenchmark.run(iterations: 20_000)
        print(
            "snapshot of the parallel chart (\(bytes) bytes): encode \(format(encode)) µs, decode \(format(decode)) µs per event"
        )
        print(FrameworkBenchmark.run(path: framework))
        print(WorkflowBenchmark.run(path: workflow))
        print(ReplayBenchmark.run(workflow: workflow, framework: framework))
    }

    /// Prints the usage to standard error and exits with status 2.
    static func fail() -> Never {
        FileHandle.standardError.write(Data((usage + "\n").utf8))
        exit(2)
    }

    /// The best (highest) of several runs, each returning a rate.
    static func bestOf(_ runs: Int, _ body: () throws -> Double) rethrows -> Double {
        var best = 0.0
        for _ in 0..<runs { best = max(best, try body()) }
        return best
    }

    /// A figure with thousands separators and at most one decimal.
    static func format(_ value: Double) -> String {
        if value < 100 { return String(Double(Int(value * 10)) / 10) }
        var digits = String(Int(value.rounded()))
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits = String(digits.dropLast(3))
        }
        return digits + grouped
    }
}

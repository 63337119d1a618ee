import AccreditEngine

/// Prints engine throughput figures; build with `swift run -c release AccreditBenchmarks`.
@main
struct AccreditBenchmarks {
    static func main() throws {
        if CommandLine.arguments.dropFirst().first == "replay" {
            print(
                ReplayBenchmark.run(
                    workflow: "Definitions/workflows/patient-safety-accreditation.scxml",
                    framework: "Definitions/frameworks/patient-safety-standards-v1.xml"))
            return
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
        print(FrameworkBenchmark.run(path: "Definitions/frameworks/patient-safety-standards-v1.xml"))
        print(WorkflowBenchmark.run(path: "Definitions/workflows/patient-safety-accreditation.scxml"))
        print(
            ReplayBenchmark.run(
                workflow: "Definitions/workflows/patient-safety-accreditation.scxml",
                framework: "Definitions/frameworks/patient-safety-standards-v1.xml"))
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

import AccreditEngine

/// Prints engine throughput figures; build with `swift run -c release AccreditBenchmarks`.
@main
struct AccreditBenchmarks {
    static func main() {
        print("benchmarks: none yet")
    }
}

/// Times repeated loads of a definition file and describes them in one line.
enum LoadTiming {
    /// Runs `load` once (the first, cold load), then `iterations` more times.
    ///
    /// - Parameters:
    ///   - label: What is loaded, for the report, such as `framework load FILE`.
    ///   - firstNote: What the first load includes, such as `schema compile included`.
    ///   - iterations: How many timed loads after the first.
    ///   - load: One load; returns an error description when it fails.
    /// - Returns: First load, then median, mean and best per load, or the failure.
    static func describe(
        _ label: String, firstNote: String, iterations: Int = 200, load: () -> String?
    ) -> String {
        let clock = ContinuousClock()
        var failure: String?
        func timed() -> Duration { clock.measure { failure = load() ?? failure } }
        let first = timed()
        if let failure { return "\(label): does not load:\n\(failure)" }
        let times = (0..<max(iterations, 1)).map { _ in timed() }.sorted()
        let total = times.reduce(Duration.zero, +)
        return "\(label): first \(milliseconds(first)) (\(firstNote)), "
            + "then per load median \(milliseconds(times[times.count / 2])), "
            + "mean \(milliseconds(total / times.count)), best \(milliseconds(times[0])) over \(times.count) loads"
    }

    /// A duration as milliseconds with three decimals.
    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let microseconds = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        let fraction = String(microseconds % 1000)
        return "\(microseconds / 1000).\(String(repeating: "0", count: 3 - fraction.count) + fraction) ms"
    }
}

import AccreditEngine
import Workflows

/// Times loading a framework file: read, libxml2 parse, XSD validation, model build and static checks.
enum FrameworkBenchmark {
    /// Loads the framework at `path` once to compile the schema, then `iterations` more times, and describes the
    /// timings; call it from `main` as `print(FrameworkBenchmark.run(path: "Definitions/frameworks/…-v1.xml"))`.
    ///
    /// - Parameters:
    ///   - path: The framework or crosswalk file to load.
    ///   - iterations: How many timed loads to run after the first.
    /// - Returns: One line: first load (schema compile included), then median, mean and best per load.
    static func run(path: String, iterations: Int = 200) -> String {
        let clock = ContinuousClock()
        var failure: String?
        func load() -> Duration {
            clock.measure {
                do {
                    _ = try FrameworkReader.load(fileAt: path)
                } catch {
                    failure = "\(error)"
                }
            }
        }
        let first = load()
        if let failure { return "framework: \(path) does not load:\n\(failure)" }
        let times = (0..<max(iterations, 1)).map { _ in load() }.sorted()
        let total = times.reduce(Duration.zero, +)
        return "framework load \(path): first \(milliseconds(first)) (schema compile included), "
            + "then per load median \(milliseconds(times[times.count / 2])), "
            + "mean \(milliseconds(total / times.count)), best \(milliseconds(times[0])) over \(times.count) loads"
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let microseconds = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        let whole = microseconds / 1000
        let fraction = microseconds % 1000
        let padded = String(repeating: "0", count: 3 - String(fraction).count) + String(fraction)
        return "\(whole).\(padded) ms"
    }
}

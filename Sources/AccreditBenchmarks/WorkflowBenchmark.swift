import AccreditEngine
import Workflows

/// Times loading a workflow file: read, libxml2 parse, XSD validation, model build, static checks and compilation.
enum WorkflowBenchmark {
    /// Loads the workflow at `path` once (schema compile and framework lookup included), then `iterations` more
    /// times with the framework already loaded, and describes the timings.
    ///
    /// - Parameters:
    ///   - path: The workflow file to load.
    ///   - iterations: How many timed loads to run after the first.
    /// - Returns: One line: first load, then median, mean and best per load.
    static func run(path: String, iterations: Int = 200) -> String {
        let clock = ContinuousClock()
        var failure: String?
        var framework: Framework?
        func load() -> Duration {
            clock.measure {
                do {
                    framework = try WorkflowReader.load(fileAt: path, framework: framework).framework
                } catch {
                    failure = "\(error)"
                }
            }
        }
        let first = load()
        if let failure { return "workflow: \(path) does not load:\n\(failure)" }
        let times = (0..<max(iterations, 1)).map { _ in load() }.sorted()
        let total = times.reduce(Duration.zero, +)
        return "workflow load \(path): first \(milliseconds(first)) (schema compile and framework load included), "
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

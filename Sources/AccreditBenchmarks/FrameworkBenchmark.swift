import AccreditEngine
import Workflows

/// Times loading a framework file: read, libxml2 parse, XSD validation, model build and static checks.
enum FrameworkBenchmark {
    /// Loads the framework at `path` once to compile the schema, then `iterations` more times.
    ///
    /// - Returns: One line: first load (schema compile included), then median, mean and best per load.
    static func run(path: String, iterations: Int = 200) -> String {
        LoadTiming.describe("framework load \(path)", firstNote: "schema compile included", iterations: iterations) {
            do {
                _ = try FrameworkReader.load(fileAt: path)
                return nil
            } catch {
                return "\(error)"
            }
        }
    }
}

import AccreditEngine
import Workflows

/// Times loading a workflow file: read, libxml2 parse, XSD validation, model build, static checks and compilation.
enum WorkflowBenchmark {
    /// Loads the workflow at `path` once (schema compile and framework lookup included), then `iterations` more
    /// times with the framework already loaded.
    ///
    /// - Returns: One line: first load, then median, mean and best per load.
    static func run(path: String, iterations: Int = 200) -> String {
        var framework: Framework?
        return LoadTiming.describe(
            "workflow load \(path)", firstNote: "schema compile and framework load included", iterations: iterations
        ) {
            do {
                framework = try WorkflowReader.load(fileAt: path, framework: framework).framework
                return nil
            } catch {
                return "\(error)"
            }
        }
    }
}

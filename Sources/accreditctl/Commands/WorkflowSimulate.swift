import AccreditEngine
import ArgumentParser
import Statecharts
import Workflows

extension Accreditctl.Workflow {
    /// `accreditctl workflow simulate FILE [--event NAME[=JSON]]... [--json]`.
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "simulate",
            abstract: "Run a workflow with a simulated clock and print each macrostep.",
            discussion: """
                Delivers the given events in order, then jumps the clock to each pending timer while the machine \
                is idle. The last line is 'final: <id>' when the machine halted in a top-level final state, \
                'stopped: a runaway after N microsteps …' when one event (or the start) led to more microsteps than \
                the engine allows (\(Interpreter.microstepLimit)) without the machine becoming stable, or \
                'running: <configuration>' otherwise. Exit status: 0 halted, 1 runaway stopped, 3 still running, \
                2 invalid document.

                Examples:
                  accreditctl workflow simulate \\
                    Definitions/workflows/patient-safety-accreditation.scxml
                  accreditctl workflow simulate chart.scxml --event start \\
                    --event 'approve={"by":"sam"}' --json
                """
        )

        @OptionGroup var output: OutputOptions

        @Argument(help: "The SCXML workflow file.")
        var file: String

        @Option(name: .customLong("event"), help: "An event to deliver, as NAME or NAME=JSON; repeat for more.")
        var events: [String] = []

        @Option(help: "The simulated start time (ISO 8601, UTC).")
        var start: String = "2026-01-01T00:00:00Z"

        @Option(help: "Stop after delivering this many timers (guards against timers that re-arm forever).")
        var maxTimers = 1_000

        func validate() throws {
            guard maxTimers >= 0 else { throw ValidationError("Please give a --max-timers of at least 0.") }
            guard Instant(iso8601: start) != nil else {
                throw ValidationError("Please give --start as an ISO 8601 UTC time such as 2026-01-01T00:00:00Z.")
            }
            for event in events where (try? SimulationInput.parse(event)) == nil {
                throw ValidationError("'\(event)' is not NAME or NAME=JSON (for example approve={\"by\":\"x\"}).")
            }
        }

        func run() throws {
            let interpreter = try DiagnosticOutput.loading {
                () throws(XMLDiagnostics) in try WorkflowReader.load(fileAt: file, dialect: .scxml).interpreter
            }
            DiagnosticOutput.report(WorkflowReader.findings(for: interpreter.document))
            let inputs = try events.map { try SimulationInput.parse($0) }
            let simulation = Simulation(
                interpreter: interpreter, start: Instant(iso8601: start) ?? .epoch, maximumTimers: maxTimers)
            let outcome = try simulation.run(inputs)
            for line in SimulationReport.lines(outcome, json: output.json) { print(line) }
            if outcome.runawayMicrosteps != nil { throw ExitCode(ExitStatus.refused.rawValue) }
            throw ExitCode(outcome.snapshot.isHalted ? 0 : 3)
        }
    }
}

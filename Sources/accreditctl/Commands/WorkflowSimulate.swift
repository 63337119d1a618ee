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
                2 invalid document or facts.

                What each <log> writes is printed under its macrostep, as '  log LABEL: VALUE' (the value as \
                JSON), and with --json as the macrostep's "logs". A construct that the spec makes fail when it \
                runs (an <assign> to _event, say) is reported as a warning, and raises error.execution when it \
                runs, so that the document can handle it. An <invoke srcexpr> or <content expr> loads its child \
                document as it runs: a local file (file:child.scxml, relative to the invoking document) or markup \
                held in the datamodel.

                Guards that call host functions (missingEvidence(), unratedCriteria(), outcome(), daysToExpiry(), \
                …) answer from a case: give --framework FILE, and --facts FILE with the case's evidence, ratings \
                and award expiry (a JSON object: {"submittedEvidence": {"SL-1.1": 1}, "acceptedEvidence": {}, \
                "ratings": {"SL-1.1": "met"}, "awardExpiry": "2029-03-01"}, every member optional; see \
                docs/workflow-language.md). The facts stay as given for the whole run, and the event's time is the \
                simulated clock. Without --framework such guards are false, and a warning names the functions.

                Examples:
                  accreditctl workflow simulate \\
                    Definitions/workflows/patient-safety-accreditation.scxml
                  accreditctl workflow simulate chart.scxml --event start \\
                    --event 'approve={"by":"sam"}' --json
                  accreditctl workflow simulate my-workflow.scxml \\
                    --framework my-framework.xml --facts facts.json --event application.submit
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

        @Option(help: "The framework file host functions in guards answer from.")
        var framework: String?

        @Option(help: "A JSON file of the case's facts (evidence, ratings, award expiry); needs --framework.")
        var facts: String?

        func validate() throws {
            guard maxTimers >= 0 else { throw ValidationError("Please give a --max-timers of at least 0.") }
            guard Instant(iso8601: start) != nil else {
                throw ValidationError("Please give --start as an ISO 8601 UTC time such as 2026-01-01T00:00:00Z.")
            }
            if facts != nil, framework == nil {
                throw ValidationError(
                    "Please give --framework FILE with --facts: the facts name criteria and rating levels of a "
                        + "framework.")
            }
            for event in events where (try? SimulationInput.parse(event)) == nil {
                throw ValidationError("'\(event)' is not NAME or NAME=JSON (for example approve={\"by\":\"x\"}).")
            }
        }

        func run() throws {
            let loaded = try DiagnosticOutput.loading {
                () throws(XMLDiagnostics) in try WorkflowReader.load(fileAt: file, dialect: .scxml)
            }
            let interpreter = loaded.interpreter
            // What the engine runs but fails when it runs (error.execution), then the accreditation checks, as
            // warnings.
            DiagnosticOutput.report(loaded.warnings + WorkflowReader.findings(for: interpreter.document))
            var hostIn: @Sendable (Instant, Snapshot?) -> any HostFunctions = { _, _ in .none }
            try reportingFailures { hostIn = try caseHost(for: interpreter.document) }
            let inputs = try events.map { try SimulationInput.parse($0) }
            var simulation = Simulation(
                interpreter: interpreter, start: Instant(iso8601: start) ?? .epoch, maximumTimers: maxTimers)
            simulation.hostIn = hostIn
            let outcome = try simulation.run(inputs)
            for line in SimulationReport.lines(outcome, json: output.json) { print(line) }
            if outcome.runawayMicrosteps != nil { throw ExitCode(ExitStatus.refused.rawValue) }
            throw ExitCode(outcome.snapshot.isHalted ? 0 : 3)
        }

        /// The host functions guards call, as a case at each event's time would answer them: from `--framework`
        /// and `--facts`, or none (with one warning naming the functions the guards call) without a framework.
        private func caseHost(for document: Document) throws -> @Sendable (Instant, Snapshot?) -> any HostFunctions {
            guard let framework else {
                let called = WorkflowReader.hostFunctionsCalled(by: document)
                if !called.isEmpty {
                    Output.warning(
                        "guards call \(called.map { $0 + "()" }.joined(separator: ", ")), which answer from a "
                            + "case's evidence, ratings and award: without --framework FILE (and --facts FILE) there "
                            + "is no case, so these guards are false; give them to evaluate the guards (facts "
                            + "format in docs/workflow-language.md)")
                }
                return { _, _ in .none }
            }
            let loaded = try FrameworkReader.loadFramework(fileAt: framework).framework
            var given = SimulationFacts.Facts()
            if let facts {
                let bytes: [UInt8]
                do {
                    bytes = try Workflows.readFileBytes(facts)
                } catch {
                    throw CommandFailure(.notFound, "cannot read the facts file \(facts): \(error)")
                }
                do {
                    given = try SimulationFacts.parse(bytes, framework: loaded)
                } catch {
                    throw CommandFailure(
                        .invalid,
                        "--facts \(facts): \(error) (format: docs/workflow-language.md, \"Simulating guards\")")
                }
            }
            let timer = document.awardExpiryTimer
            return { [given] time, snapshot in given.at(time, framework: loaded, in: snapshot, awardTimer: timer) }
        }
    }
}

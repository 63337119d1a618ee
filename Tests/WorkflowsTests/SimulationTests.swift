import AccreditEngine
import Statecharts
import Testing
import Workflows

/// The simulated clock loop and its report.
struct SimulationTests {
    static let deadlineChart = """
        <scxml xmlns="http://www.w3.org/2005/07/scxml" datamodel="accredit" initial="open">
          <state id="open">
            <onentry><send event="deadline" delay="P60D"/></onentry>
            <transition event="submit" target="review"/>
            <transition event="deadline" target="expired"/>
          </state>
          <state id="review"><transition event="decide" target="done"/></state>
          <final id="expired"/>
          <final id="done"/>
        </scxml>
        """

    static func interpreter() throws -> Interpreter {
        try SCXMLLoader.interpreter(for: SCXMLLoader.load(Array(deadlineChart.utf8), file: "deadline.scxml"))
    }

    static let start = Instant(iso8601: "2026-01-01T00:00:00Z") ?? .epoch

    @Test func clockJumpsToTheNextTimerWhenIdle() throws {
        let outcome = try Simulation(interpreter: Self.interpreter(), start: Self.start).run()
        #expect(outcome.snapshot.finalState == "expired")
        #expect(outcome.clock.iso8601 == "2026-03-02T00:00:00Z")
        #expect(SimulationReport.lines(outcome, json: false).last == "final: expired")
    }

    @Test func givenEventsAreDeliveredFirst() throws {
        let inputs = [try SimulationInput.parse("submit"), try SimulationInput.parse("decide={\"ok\":true}")]
        let outcome = try Simulation(interpreter: Self.interpreter(), start: Self.start).run(inputs)
        #expect(outcome.snapshot.finalState == "done")
        #expect(outcome.macrosteps.map(\.event) == [nil, "submit", "decide"])
    }

    @Test func stillRunningReportsTheConfiguration() throws {
        let outcome = try Simulation(interpreter: Self.interpreter(), start: Self.start, maximumTimers: 0).run([
            try SimulationInput.parse("submit")
        ])
        #expect(SimulationReport.lines(outcome, json: false).last == "running: review")
        #expect(
            SimulationReport.lines(outcome, json: true).last
                == #"{"clock":"2026-01-01T00:00:00Z","configuration":["review"],"status":"running"}"#)
    }

    /// Host functions made per event answer as of the simulated clock: the deadline fires 60 days in.
    @Test func hostFunctionsAreMadeForEachEventsTime() throws {
        let chart = """
            <scxml xmlns="http://www.w3.org/2005/07/scxml" datamodel="accredit" initial="open">
              <state id="open">
                <onentry><send event="deadline" delay="P60D"/></onentry>
                <transition event="deadline" cond="today() == '2026-03-02'" target="on-time"/>
                <transition event="deadline" target="late"/>
              </state>
              <final id="on-time"/>
              <final id="late"/>
            </scxml>
            """
        let interpreter = try SCXMLLoader.interpreter(for: SCXMLLoader.load(Array(chart.utf8), file: "today.scxml"))
        let outcome = try Simulation(
            interpreter: interpreter, start: Self.start,
            hostAt: { time in
                FunctionTable(["today": { _ in .string(String(time.iso8601.prefix(10))) }])
            }
        ).run()
        #expect(outcome.snapshot.finalState == "on-time")
    }

    static func loop(initial: String = "idle") -> String {
        """
        <scxml xmlns="http://www.w3.org/2005/07/scxml" initial="\(initial)">
          <state id="idle"><transition event="go" target="a"/></state>
          <state id="a"><transition target="b"/></state>
          <state id="b"><transition target="a"/></state>
        </scxml>
        """
    }

    @Test func aRunawayAtTheStartIsReportedWithItsMicrosteps() throws {
        let chart = Self.loop(initial: "a")
        let interpreter = try SCXMLLoader.interpreter(for: SCXMLLoader.load(Array(chart.utf8), file: "loop.scxml"))
        let outcome = try Simulation(interpreter: interpreter, start: Self.start).run([
            try SimulationInput.parse("go")
        ])
        #expect(outcome.runawayMicrosteps == Interpreter.microstepLimit)
        #expect(outcome.macrosteps.count == 1)
        #expect(
            SimulationReport.lines(outcome, json: false).last
                == "stopped: a runaway after 100000 microsteps in one macrostep: an eventless or raised-event loop "
                + "never becomes stable")
    }

    @Test(arguments: [false, true])
    func aRunawayEventStopsTheSimulation(roundTrip: Bool) throws {
        let interpreter = try SCXMLLoader.interpreter(for: SCXMLLoader.load(Array(Self.loop().utf8), file: "l.scxml"))
        let outcome = try Simulation(interpreter: interpreter, start: Self.start, roundTripSnapshots: roundTrip).run([
            try SimulationInput.parse("go"), try SimulationInput.parse("go"),
        ])
        #expect(outcome.runawayMicrosteps == 100_000)
        #expect(outcome.rejections.isEmpty)
        #expect(
            SimulationReport.lines(outcome, json: true).last
                == #"{"clock":"2026-01-01T00:00:00Z","configuration":["idle"],"microsteps":100000,"status":"runaway"}"#
        )
    }

    @Test func rejectsBadEventArguments() {
        #expect(throws: SimulationInput.ParseError.self) { try SimulationInput.parse("=1") }
        #expect(throws: SimulationInput.ParseError.self) { try SimulationInput.parse("go={") }
    }
}

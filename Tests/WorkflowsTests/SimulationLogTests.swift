import Foundation
import Statecharts
import Testing

@testable import Workflows

/// Issue #20: `workflow simulate` shows what `<log>` writes, under the macrostep that wrote it, in text and JSON, so
/// that the W3C tests a person checks by reading the log can be checked.
struct SimulationLogTests {
    static let chart = #"""
        <scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" datamodel="accredit" initial="s0">
          <datamodel><data id="Var1" expr="1"/></datamodel>
          <state id="s0">
            <onentry><log label="entered" expr="Var1"/><log expr="'no label'"/><log label="bare"/></onentry>
            <transition event="go" target="done"><log label="going" expr="Var1 + 1"/></transition>
          </state>
          <final id="done"/>
        </scxml>
        """#

    /// The report's lines for the chart with the event `go`.
    static func report(json: Bool) throws -> [String] {
        let loaded = try WorkflowReader.load(Array(chart.utf8), file: "log.scxml", dialect: .scxml)
        let start = Instant(iso8601: "2026-01-01T00:00:00Z") ?? .epoch
        let outcome = try Simulation(interpreter: loaded.interpreter, start: start).run([Simulation.Input(name: "go")])
        return SimulationReport.lines(outcome, json: json)
    }

    @Test func logsAreShownUnderTheirMacrostep() throws {
        let lines = try Self.report(json: false)
        #expect(
            lines == [
                "session (start): s0", #"  log entered: 1"#, #"  log: "no label""#, "  log bare", "session go: done",
                "  log going: 2", "final: done",
            ], "\(lines)")
    }

    @Test func logsAreInTheJSONTrace() throws {
        let lines = try Self.report(json: true)
        let first = try #require(lines.first.flatMap { try? CanonicalJSON.parse($0) })
        #expect(
            first["logs"]
                == .array([
                    ["session": "session", "label": "entered", "value": 1, "line": 4],
                    ["session": "session", "label": .null, "value": "no label", "line": 4],
                    ["session": "session", "label": "bare", "value": .null, "line": 4],
                ]), "\(lines)")
        let second = try #require(lines.dropFirst().first.flatMap { try? CanonicalJSON.parse($0) })
        #expect(second["logs"] == .array([["session": "session", "label": "going", "value": 2, "line": 5]]))
    }
}

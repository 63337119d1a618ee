import AccreditEngine
import Foundation
import Statecharts
import Testing

@testable import Workflows

/// Issue #20: a location that can never be assigned (`_event`, a system variable, or an expression that is not a
/// location) raises `error.execution` when it is assigned, and the machine goes on (SCXML 5.4, 4.6); plain SCXML
/// loads with a warning, and an accreditation workflow refuses it outright.
struct RunTimeLocationErrorTests {
    /// A chart that assigns to `target` on entry, then goes to `pass` on error.execution, else to `fail`; the
    /// assignment after the failing one must not run.
    static func chart(_ target: String, via element: String = "assign") -> String {
        let action =
            element == "assign"
            ? #"<assign location="\#(target)" expr="1"/>"#
            : #"<foreach item="\#(target)" array="Var2"><assign location="Var1" expr="Var1 + 1"/></foreach>"#
        return #"""
            <scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" datamodel="accredit" initial="s0">
              <datamodel><data id="Var1" expr="0"/><data id="Var2">[1, 2]</data></datamodel>
              <state id="s0">
                <onentry>\#(action)<assign location="Var1" expr="99"/><raise event="after"/></onentry>
                <transition event="error.execution" cond="Var1 == 0" target="pass"/>
                <transition event="*" target="fail"/>
              </state>
              <final id="pass"/><final id="fail"/>
            </scxml>
            """#
    }

    /// Loads and runs a chart as `workflow simulate` does.
    static func run(_ text: String) throws -> (LoadedWorkflow, Simulation.Outcome) {
        let loaded = try WorkflowReader.load(Array(text.utf8), file: "chart.scxml", dialect: .scxml)
        let start = Instant(iso8601: "2026-01-01T00:00:00Z") ?? .epoch
        return (loaded, try Simulation(interpreter: loaded.interpreter, start: start).run())
    }

    @Test(arguments: [
        ("_event", "assign"), ("_sessionid", "assign"), ("'continue'", "foreach"), ("Var1 + 1", "assign"),
    ])
    func anUnassignableLocationRaisesErrorExecutionWhenItRuns(_ target: String, _ element: String) throws {
        let (loaded, outcome) = try Self.run(Self.chart(target, via: element))
        #expect(outcome.snapshot.finalState == "pass", "\(target) in <\(element)>: \(outcome.snapshot.configuration)")
        // The author is told, as a warning.
        if target != "_sessionid" {
            #expect(loaded.warnings.contains { $0.rule == "scxml.location" && $0.severity == .warning })
        }
    }

    @Test func aLocationThatIsNotAnExpressionIsStillRefusedAtLoad() {
        let error = #expect(throws: XMLDiagnostics.self) { try Self.run(Self.chart("Var1 +")) }
        #expect(error?.items.contains { $0.rule == "scxml.location" && $0.severity == .error } == true)
    }

    @Test func anAccreditationWorkflowRefusesAnUnassignableLocation() throws {
        var text = try String(contentsOfFile: WorkflowRobustnessTests.shipped, encoding: .utf8)
        let entry = try #require(text.range(of: "<onentry>"))
        text.insert(contentsOf: #"<assign location="_event" expr="1"/>"#, at: entry.upperBound)
        let error = #expect(throws: XMLDiagnostics.self) {
            try WorkflowReader.load(Array(text.utf8), file: WorkflowRobustnessTests.shipped)
        }
        #expect(
            error?.items.contains {
                $0.rule == "scxml.location" && $0.severity == .error && $0.message.contains("_event")
            }
                == true, "\(error?.items ?? [])")
    }
}

/// The review's cases: an empty array, an index, an idlocation, a child document, and values that grow.
struct RunTimeLocationEdgeTests {
    /// Runs a chart whose `s0` entry holds `actions`; it passes when error.execution arrives with Var1 still 0.
    static func passes(_ actions: String, data: String = "") throws -> (Bool, [XMLDiagnostic]) {
        let text = #"""
            <scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" datamodel="accredit" initial="s0">
              <datamodel><data id="Var1" expr="0"/><data id="Var2">[]</data><data id="Var3" expr="0"/>\#(data)</datamodel>
              <state id="s0">
                <onentry>\#(actions)</onentry>
                <transition event="error.execution" cond="Var1 == 0" target="pass"/>
                <transition event="*" target="fail"/>
              </state>
              <final id="pass"/><final id="fail"/>
            </scxml>
            """#
        let (loaded, outcome) = try RunTimeLocationErrorTests.run(text)
        return (outcome.snapshot.finalState == "pass", loaded.warnings)
    }

    @Test func aForeachChecksItsItemAndIndexBeforeTheBodyEvenOverAnEmptyArray() throws {
        let (empty, warnings) = try Self.passes(
            #"<foreach item="'continue'" array="Var2"><assign location="Var1" expr="1"/></foreach><raise event="x"/>"#)
        #expect(empty)
        // One warning, once.
        #expect(warnings.filter { $0.rule == "scxml.location" }.count == 1, "\(warnings)")
        let (index, _) = try Self.passes(
            #"<foreach item="Var3" index="_name" array="[1, 2]"><assign location="Var1" expr="1"/></foreach>"#
                + #"<raise event="x"/>"#)
        #expect(index)
    }

    @Test func anIdlocationThatCannotBeAssignedRaisesErrorExecution() throws {
        let (sent, warnings) = try Self.passes(
            #"<send event="later" delayexpr="'1s'" idlocation="_sessionid"/><assign location="Var1" expr="1"/>"#)
        #expect(sent)
        #expect(warnings.contains { $0.message.contains("system variable _sessionid is read-only") })
    }

    @Test func aValueThatWouldOutgrowTheDatamodelRaisesErrorExecution() throws {
        // Doubling by sharing: 2^20 values after twenty rounds, over the limit well before.
        let doubling = String(repeating: #"<assign location="Var3" expr="[Var3, Var3]"/>"#, count: 25)
        let (wide, _) = try Self.passes(doubling + #"<assign location="Var1" expr="1"/>"#)
        #expect(wide)
        // Nesting: one level a round, past 64.
        let nesting = String(repeating: #"<assign location="Var3" expr="[Var3]"/>"#, count: 70)
        let (deep, _) = try Self.passes(nesting + #"<assign location="Var1" expr="1"/>"#)
        #expect(deep)
        // Control: within the bounds, the assignments all happen and nothing is raised.
        let (within, _) = try Self.passes(String(repeating: #"<assign location="Var3" expr="[Var3]"/>"#, count: 60))
        #expect(!within)
    }

    @Test func aChildDocumentsWarningsAreTheParentsAndAnAccreditationWorkflowRefusesThem() throws {
        let child =
            #"<invoke type="scxml"><content><scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" "#
            + #"datamodel="accredit" initial="c"><state id="c"><onentry><assign location="_event" expr="1"/>"#
            + #"</onentry></state></scxml></content></invoke>"#
        let text = #"""
            <scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" datamodel="accredit" initial="s0">
              <state id="s0">\#(child)</state>
            </scxml>
            """#
        let loaded = try WorkflowReader.load(Array(text.utf8), file: "parent.scxml", dialect: .scxml)
        #expect(loaded.warnings.contains { $0.rule == "scxml.location" && $0.message.contains("_event") })

        var workflow = try String(contentsOfFile: WorkflowRobustnessTests.shipped, encoding: .utf8)
        let entry = try #require(workflow.range(of: "<onentry>"))
        workflow.insert(
            contentsOf: child.replacingOccurrences(of: "invoke type", with: "invoke id=\"k\" type"),
            at: entry.lowerBound)
        let error = #expect(throws: XMLDiagnostics.self) {
            try WorkflowReader.load(Array(workflow.utf8), file: WorkflowRobustnessTests.shipped)
        }
        #expect(
            error?.items.contains { $0.severity == .error && $0.rule == "scxml.location" } == true,
            "\(error?.items ?? [])")
    }
}

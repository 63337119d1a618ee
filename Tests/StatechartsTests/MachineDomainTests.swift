import StatechartsTestSupport
import Testing

@testable import Statecharts

/// `getTransitionDomain`, `findLCCA` and `getProperAncestors` over a compiled chart.
struct MachineDomainTests {
    static let document = DSL.doc([
        DSL.state(
            "s",
            [
                DSL.state("a", [DSL.state("a1"), DSL.state("a2")], on: [DSL.on("x", to: ["b1"])]),
                DSL.state("b", [DSL.state("b1")]),
            ],
            on: [DSL.on("in", to: ["a2"], type: .internal), DSL.on("out", to: ["a2"])]),
        DSL.parallel("p", [DSL.state("p1"), DSL.state("p2")], on: [DSL.on("y", to: ["p1"], type: .internal)]),
    ])

    static func machine() throws -> Machine {
        let chart = try ChartBuilder.build(document).get()
        return Machine(
            chart: chart, session: Session(sessionID: "t", parentSessionID: nil, stateCount: chart.states.count),
            host: .none, now: .epoch, timerSequence: 0)
    }

    static func transition(_ machine: Machine, from source: String, on event: String) throws -> Int {
        let state = try #require(machine.chart.index[source])
        return try #require(
            machine.chart.states[state].transitions.first {
                machine.chart.transitions[$0].events == [EventDescriptor(event)]
            })
    }

    @Test func properAncestorsAreNearestFirstEndingAtTheRoot() throws {
        let machine = try Self.machine()
        let a1 = try #require(machine.chart.index["a1"])
        #expect(machine.getProperAncestors(a1).map { machine.chart.id($0) } == ["a", "s", ""])
    }

    @Test func lccaIsTheNearestCompoundAncestorOfAll() throws {
        let machine = try Self.machine()
        let index = machine.chart.index
        let lcca = machine.findLCCA(try #require(index["a1"]), [try #require(index["b1"])])
        #expect(machine.chart.id(lcca) == "s")
    }

    @Test func externalTransitionDomainContainsItsSource() throws {
        let machine = try Self.machine()
        #expect(machine.chart.id(machine.getTransitionDomain(try Self.transition(machine, from: "s", on: "out"))) == "")
        #expect(machine.chart.id(machine.getTransitionDomain(try Self.transition(machine, from: "a", on: "x"))) == "s")
    }

    @Test func internalTransitionFromCompoundHasItsSourceAsDomain() throws {
        let machine = try Self.machine()
        #expect(machine.chart.id(machine.getTransitionDomain(try Self.transition(machine, from: "s", on: "in"))) == "s")
    }

    @Test func internalTransitionFromParallelActsExternal() throws {
        let machine = try Self.machine()
        #expect(machine.chart.id(machine.getTransitionDomain(try Self.transition(machine, from: "p", on: "y"))) == "")
    }
}

import Statecharts
import StatechartsTestSupport
import Testing

/// `enterStates`, history and `done.state` events.
struct MachineEntryTests {
    static let historyChart = DSL.doc([
        DSL.state(
            "s",
            [
                DSL.history("hs", deep: false, default: "a"),
                DSL.history("hd", deep: true, default: "a"),
                DSL.state("a", [DSL.state("a1", on: [DSL.on("next", to: ["a2"])]), DSL.state("a2")]),
            ], on: [DSL.on("out", to: ["o"])]),
        DSL.state("o", on: [DSL.on("shallow", to: ["hs"]), DSL.on("deep", to: ["hd"])]),
    ])

    @Test func deepHistoryRestoresAtomicDescendants() throws {
        var harness = try Harness(Self.historyChart)
        try harness.send("next")
        try harness.send("out")
        try harness.send("deep")
        #expect(harness.snapshot.configuration == ["s", "a", "a2"])
    }

    @Test func shallowHistoryRestoresChildThenItsDefault() throws {
        var harness = try Harness(Self.historyChart)
        try harness.send("next")
        try harness.send("out")
        try harness.send("shallow")
        #expect(harness.snapshot.configuration == ["s", "a", "a1"])
    }

    @Test func historyWithoutValueTakesDefaultTransition() throws {
        let document = DSL.doc([
            DSL.state("o", on: [DSL.on("go", to: ["h"])]),
            DSL.state("s", [DSL.history("h", deep: false, default: "b"), DSL.state("a"), DSL.state("b")]),
        ])
        var harness = try Harness(document)
        try harness.send("go")
        #expect(harness.snapshot.configuration == ["s", "b"])
    }

    @Test func compoundFinalRaisesDoneState() throws {
        let document = DSL.doc([
            DSL.state(
                "s", [DSL.state("a", on: [DSL.on("go", to: ["f"])]), DSL.final("f")],
                on: [DSL.on("done.state.s", to: ["pass"])]),
            DSL.final("pass"),
        ])
        var harness = try Harness(document)
        try harness.send("go")
        #expect(harness.snapshot.finalState == "pass")
        #expect(harness.snapshot.isHalted)
    }

    @Test func parallelIsDoneWhenEveryRegionIsFinal() throws {
        let document = DSL.doc([
            DSL.parallel(
                "p",
                [
                    DSL.state("a", [DSL.state("a1", on: [DSL.on("x", to: ["af"])]), DSL.final("af")]),
                    DSL.state("b", [DSL.state("b1", on: [DSL.on("y", to: ["bf"])]), DSL.final("bf")]),
                ], on: [DSL.on("done.state.p", to: ["pass"])]),
            DSL.final("pass"),
        ])
        var harness = try Harness(document)
        try harness.send("x")
        #expect(harness.snapshot.configuration.contains("af"))
        try harness.send("y")
        #expect(harness.snapshot.finalState == "pass")
    }

    @Test func haltedMachineRejectsEvents() throws {
        let document = DSL.doc([DSL.final("end")])
        let harness = try Harness(document)
        let result = harness.interpreter.process(
            ExternalEvent(name: "late", at: harness.clock), snapshot: harness.snapshot)
        #expect(throws: Rejection.halted(finalState: "end")) { try result.get() }
    }

    @Test func lateBindingInitialisesDataOnFirstEntry() throws {
        let document = DSL.doc(
            [
                DSL.state("a", on: [DSL.on("go", to: ["b"])]),
                DSL.state("b", data: [DataItem(id: "x", expr: "42")]),
            ], binding: .late)
        var harness = try Harness(document)
        #expect(harness.snapshot.data["x"] == .null)
        try harness.send("go")
        #expect(harness.snapshot.data["x"] == .integer(42))
    }
}

import Statecharts
import StatechartsTestSupport
import Testing

/// Exit order, transition content and entry order of a microstep (Appendix D `microstep`).
struct MachineMicrostepTests {
    @Test func exitsInReverseDocumentOrderThenContentThenEntersInDocumentOrder() throws {
        let document = DSL.doc([
            DSL.parallel(
                "p",
                [
                    DSL.state("a", [DSL.state("a1", exit: [DSL.log("exit a1")])], exit: [DSL.log("exit a")]),
                    DSL.state("b", [DSL.state("b1", exit: [DSL.log("exit b1")])], exit: [DSL.log("exit b")]),
                ], on: [DSL.on("go", to: ["q"], do: [DSL.log("content")])], exit: [DSL.log("exit p")]),
            DSL.parallel(
                "q",
                [
                    DSL.state("x", entry: [DSL.log("enter x")]),
                    DSL.state("y", entry: [DSL.log("enter y")]),
                ], entry: [DSL.log("enter q")]),
        ])
        var harness = try Harness(document)
        try harness.send("go")
        #expect(
            harness.labels == [
                "exit b1", "exit b", "exit a1", "exit a", "exit p", "content", "enter q", "enter x", "enter y",
            ])
        #expect(harness.snapshot.configuration == ["q", "x", "y"])
    }

    @Test func internalTransitionDoesNotExitItsSource() throws {
        let document = DSL.doc([
            DSL.state(
                "s", [DSL.state("s1"), DSL.state("s2", entry: [DSL.log("enter s2")])],
                on: [DSL.on("go", to: ["s2"], type: .internal)], exit: [DSL.log("exit s")])
        ])
        var harness = try Harness(document)
        try harness.send("go")
        #expect(harness.labels == ["enter s2"])
        #expect(harness.snapshot.configuration == ["s", "s2"])
    }

    @Test func targetlessTransitionRunsContentWithoutExiting() throws {
        let document = DSL.doc([
            DSL.state("s", on: [DSL.on("go", do: [DSL.log("content")])], exit: [DSL.log("exit s")])
        ])
        var harness = try Harness(document)
        try harness.send("go")
        #expect(harness.labels == ["content"])
        #expect(harness.snapshot.configuration == ["s"])
    }
}

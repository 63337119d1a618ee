import Statecharts
import StatechartsTestSupport
import Testing

/// Transition selection and `removeConflictingTransitions`.
struct MachineSelectionTests {
    @Test func descendantTransitionPreemptsAncestor() throws {
        let document = DSL.doc([
            DSL.state(
                "s", [DSL.state("s1", on: [DSL.on("go", to: ["inner"])]), DSL.state("inner")],
                on: [DSL.on("go", to: ["outer"])]),
            DSL.state("outer"),
        ])
        var harness = try Harness(document)
        try harness.send("go")
        #expect(harness.snapshot.configuration == ["s", "inner"])
    }

    @Test func firstRegionInDocumentOrderWinsAConflict() throws {
        let document = DSL.doc([
            DSL.parallel(
                "p",
                [
                    DSL.state("a", on: [DSL.on("go", to: ["left"], do: [DSL.log("a")])]),
                    DSL.state("b", on: [DSL.on("go", to: ["right"], do: [DSL.log("b")])]),
                ]),
            DSL.state("left"), DSL.state("right"),
        ])
        var harness = try Harness(document)
        try harness.send("go")
        #expect(harness.labels == ["a"])
        #expect(harness.snapshot.configuration == ["left"])
    }

    @Test func nonConflictingRegionsBothFire() throws {
        let document = DSL.doc([
            DSL.parallel(
                "p",
                [
                    DSL.state("a", [DSL.state("a1", on: [DSL.on("go", to: ["a2"])]), DSL.state("a2")]),
                    DSL.state("b", [DSL.state("b1", on: [DSL.on("go", to: ["b2"])]), DSL.state("b2")]),
                ])
        ])
        var harness = try Harness(document)
        try harness.send("go")
        #expect(harness.snapshot.configuration == ["p", "a", "a2", "b", "b2"])
    }

    @Test(arguments: [
        ("a", "a", true), ("a", "a.b", true), ("a", "ab", false), ("a.*", "a.b", true), ("*", "anything", true),
        ("a.b", "a", false), ("a b", "b.c", true),
    ])
    func eventDescriptorsMatchByTokenPrefix(descriptor: String, event: String, matches: Bool) throws {
        let document = DSL.doc([DSL.state("s", on: [DSL.on(descriptor, to: ["t"])]), DSL.state("t")])
        var harness = try Harness(document)
        try harness.send(event)
        #expect((harness.snapshot.configuration == ["t"]) == matches)
    }

    @Test func eventlessTransitionsRunUntilStable() throws {
        let document = DSL.doc(
            [
                DSL.state("s", on: [DSL.on(nil, to: ["t"], cond: "n < 3", do: [DSL.assign("n", "n + 1")])]),
                DSL.state("t", on: [DSL.on(nil, to: ["s"])]),
            ], data: [DataItem(id: "n", expr: "0")])
        let harness = try Harness(document)
        #expect(harness.snapshot.data["n"] == .integer(3))
        #expect(harness.snapshot.configuration == ["s"])
    }
}

/// Documents that never become stable are stopped instead of hanging the host.
struct RunawayTests {
    @Test func endlessEventlessLoopAtStartHaltsTheMachine() throws {
        let document = DSL.doc([
            DSL.state("a", on: [DSL.on(nil, to: ["b"])]), DSL.state("b", on: [DSL.on(nil, to: ["a"])]),
        ])
        let harness = try Harness(document)
        #expect(harness.snapshot.isHalted)
        #expect(harness.labels == ["error"])
    }

    @Test func endlessRaiseLoopRejectsTheEvent() throws {
        let document = DSL.doc([
            DSL.state("idle", on: [DSL.on("go", to: ["loop"])]),
            DSL.state("loop", entry: [DSL.raise("again")], on: [DSL.on("again", to: ["loop"])]),
        ])
        let harness = try Harness(document)
        let result = harness.interpreter.process(
            ExternalEvent(name: "go", at: harness.clock), snapshot: harness.snapshot)
        #expect(throws: Rejection.runaway(limit: 100_000)) { try result.get() }
    }

    @Test func aStartThatNeverSettlesReportsTheRunawayAsData() throws {
        let looping = try Interpreter(
            document: DSL.doc([
                DSL.state("a", on: [DSL.on(nil, to: ["b"])]), DSL.state("b", on: [DSL.on(nil, to: ["a"])]),
            ]))
        let step = looping.start(at: .epoch)
        #expect(step.runawayMicrosteps == Interpreter.microstepLimit)
        #expect(step.snapshot.isHalted)
        let settled = try Interpreter(document: DSL.doc([DSL.state("a")])).start(at: .epoch)
        #expect(settled.runawayMicrosteps == nil)
    }
}

/// `Interpreter.enabledTransitions(for:in:)` previews a selection without changing the snapshot.
struct EnabledTransitionTests {
    @Test func previewsTheSelectedTransitionsWithTheirExtensions() throws {
        var guarded = DSL.on("approve", to: ["done"])
        guarded.extensions = [
            ForeignNode(namespace: "urn:accredit:workflow:1", name: "roles", value: "assessor", line: 3)
        ]
        let document = DSL.doc([
            DSL.state("review", on: [guarded, DSL.on("approve", to: ["other"])]), DSL.state("done"), DSL.state("other"),
        ])
        let harness = try Harness(document)
        let enabled = harness.interpreter.enabledTransitions(
            for: ExternalEvent(name: "approve", at: harness.clock), in: harness.snapshot)
        #expect(enabled.map(\.source) == ["review"])
        #expect(enabled.first?.transition.extensions.first?.value == "assessor")
        #expect(
            harness.interpreter.enabledTransitions(
                for: ExternalEvent(name: "nothing", at: harness.clock), in: harness.snapshot
            ).isEmpty)
        #expect(harness.snapshot.configuration == ["review"])
    }
}

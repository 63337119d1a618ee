import Statecharts
import StatechartsTestSupport
import Testing

/// `<invoke>` of child sessions: events both ways, done.invoke, cancellation and snapshots with live children.
struct MachineInvokeTests {
    static func child(_ states: [StateNode]) -> Document {
        Document(file: "child", datamodel: .accredit, children: states)
    }

    static let parentToChild = DSL.doc([
        StateNode(
            kind: .state, id: "s",
            transitions: [
                DSL.on("ready", do: [Executable(.send(Send(event: "ping", target: "#_kid")))]),
                DSL.on("pong", to: ["got"]),
                DSL.on("leave", to: ["away"]),
            ],
            invokes: [
                Invoke(
                    id: "kid",
                    document: child([
                        DSL.state(
                            "c", entry: [Executable(.send(Send(event: "ready", target: "#_parent")))],
                            on: [
                                DSL.on(
                                    "ping", to: ["c2"], do: [Executable(.send(Send(event: "pong", target: "#_parent")))]
                                )
                            ]),
                        DSL.state("c2", entry: [DSL.send("later", delay: "1s")]),
                    ]))
            ]),
        DSL.state("got", on: [DSL.on("leave", to: ["away"])]),
        DSL.state("away"),
    ])

    @Test func eventsFlowBetweenParentAndChildWithinOneStep() throws {
        let harness = try Harness(Self.parentToChild)
        #expect(harness.snapshot.configuration == ["got"])
    }

    @Test func exitingTheInvokingStateCancelsTheChildAndItsTimers() throws {
        let document = DSL.doc([
            StateNode(
                kind: .state, id: "s", transitions: [DSL.on("leave", to: ["away"])],
                invokes: [
                    Invoke(id: "kid", document: Self.child([DSL.state("c", entry: [DSL.send("tick", delay: "5s")])]))
                ]),
            DSL.state("away"),
        ])
        var harness = try Harness(document)
        #expect(harness.snapshot.pendingTimers.map(\.sessionID) == ["session.1"])
        try harness.send("leave")
        #expect(harness.snapshot.pendingTimers.isEmpty)
        #expect(harness.effects.contains { if case .cancelTimer = $0 { true } else { false } })
    }

    @Test func autoforwardedEventFinishesTheChildWhichSendsDoneInvoke() throws {
        let document = DSL.doc([
            StateNode(
                kind: .state, id: "s", transitions: [DSL.on("done.invoke.kid", to: ["finished"])],
                invokes: [
                    Invoke(
                        id: "kid", autoforward: true,
                        document: Self.child([DSL.state("c", on: [DSL.on("go", to: ["f"])]), DSL.final("f")]))
                ]),
            DSL.final("finished"),
        ])
        var harness = try Harness(document)
        #expect(harness.snapshot.configuration == ["s"])
        harness.snapshot = try harness.interpreter.restore(canonicalJSON: harness.snapshot.canonicalJSON())
        try harness.send("go")
        #expect(harness.snapshot.finalState == "finished")
    }

    @Test func childTimersAreDeliveredToTheChildThroughTheRoot() throws {
        let document = DSL.doc([
            StateNode(
                kind: .state, id: "s", transitions: [DSL.on("done.invoke.kid", to: ["finished"])],
                invokes: [
                    Invoke(
                        id: "kid",
                        document: Self.child([
                            DSL.state("c", entry: [DSL.send("tick", delay: "2s")], on: [DSL.on("tick", to: ["f"])]),
                            DSL.final("f"),
                        ]))
                ]),
            DSL.final("finished"),
        ])
        let harness = try Harness(document)
        let timer = try #require(harness.snapshot.pendingTimers.first)
        let restored = try harness.interpreter.restore(canonicalJSON: harness.snapshot.canonicalJSON())
        let step = try harness.interpreter.process(.timer(timer.id, at: timer.due), snapshot: restored).get()
        #expect(step.snapshot.finalState == "finished")
    }
}

/// Cancelling a child runs its `<onexit>` handlers but delivers nothing back to the parent.
struct InvokeCancellationTests {
    @Test func cancelledChildRunsOnExitAndSendsNothing() throws {
        let childDocument = Document(
            file: "child", datamodel: .accredit,
            children: [
                DSL.state(
                    "c", exit: [DSL.log("child exit"), Executable(.send(Send(event: "bye", target: "#_parent")))])
            ])
        let document = DSL.doc([
            StateNode(
                kind: .state, id: "s", transitions: [DSL.on("leave", to: ["away"])],
                invokes: [Invoke(id: "kid", document: childDocument)]),
            DSL.state("away", on: [DSL.on("bye", to: ["wrong"])]),
            DSL.state("wrong"),
        ])
        var harness = try Harness(document)
        try harness.send("leave")
        #expect(harness.labels == ["child exit"])
        #expect(harness.snapshot.configuration == ["away"])
    }
}

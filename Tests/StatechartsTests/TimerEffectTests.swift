import Statecharts
import StatechartsTestSupport
import Testing

/// Delayed `<send>` as timer effects, `<cancel>`, and delivery of due timers.
struct TimerEffectTests {
    @Test func delayedSendSchedulesATimerThatFiresAsAnEvent() throws {
        let document = DSL.doc([
            DSL.state("wait", entry: [DSL.send("deadline", delay: "P60D")], on: [DSL.on("deadline", to: ["late"])]),
            DSL.state("late"),
        ])
        var harness = try Harness(document)
        let timers = harness.effects.compactMap { effect -> TimerRequest? in
            if case .scheduleTimer(let timer) = effect { return timer }
            return nil
        }
        #expect(timers.count == 1)
        #expect(timers.first?.due.iso8601 == "2026-03-02T00:00:00Z")
        #expect(harness.snapshot.pendingTimers == timers)
        let timer = try #require(timers.first)
        harness.snapshot = try harness.interpreter.process(.timer(timer.id, at: timer.due), snapshot: harness.snapshot)
            .get().snapshot
        #expect(harness.snapshot.configuration == ["late"])
        #expect(harness.snapshot.pendingTimers.isEmpty)
    }

    @Test func cancelRemovesThePendingTimer() throws {
        let document = DSL.doc([
            DSL.state(
                "wait", entry: [DSL.send("deadline", delay: "2s", id: "d")],
                on: [DSL.on("stop", to: ["idle"], do: [DSL.cancel("d")])]),
            DSL.state("idle"),
        ])
        var harness = try Harness(document)
        try harness.send("stop")
        #expect(harness.effects.contains { if case .cancelTimer = $0 { true } else { false } })
        #expect(harness.snapshot.pendingTimers.isEmpty)
        let fired = harness.interpreter.process(.timer("session/d/1", at: harness.clock), snapshot: harness.snapshot)
        #expect(throws: Rejection.unknownTimer("session/d/1")) { try fired.get() }
    }

    @Test func exitingAStateKeepsOtherTimers() throws {
        let document = DSL.doc([
            DSL.state("a", entry: [DSL.send("t1", delay: "1s")], on: [DSL.on("go", to: ["b"])]),
            DSL.state("b", on: [DSL.on("t1", to: ["c"])]),
            DSL.state("c"),
        ])
        var harness = try Harness(document)
        try harness.send("go")
        let timer = try #require(harness.snapshot.pendingTimers.first)
        let step = try harness.interpreter.process(.timer(timer.id, at: timer.due), snapshot: harness.snapshot).get()
        #expect(step.snapshot.configuration == ["c"])
    }
}

/// `<send>` to targets outside the machine become `.send` effects.
struct OutgoingSendTests {
    static func sendTo(_ target: String, delay: String? = nil) -> Executable {
        Executable(.send(Send(event: "notify", target: target, delay: delay)))
    }

    @Test func immediateSendToAnotherCaseIsAnEffect() throws {
        let harness = try Harness(DSL.doc([DSL.state("s", entry: [Self.sendTo("case:C-42")])]))
        let sends = harness.effects.compactMap { effect -> OutgoingEvent? in
            if case .send(let outgoing) = effect { return outgoing }
            return nil
        }
        #expect(sends.map(\.target) == ["case:C-42"])
        #expect(sends.first?.event.name == "notify")
    }

    @Test func delayedSendToAnotherCaseIsEmittedWhenItsTimerFires() throws {
        let harness = try Harness(DSL.doc([DSL.state("s", entry: [Self.sendTo("case:C-42", delay: "P1D")])]))
        let timer = try #require(harness.snapshot.pendingTimers.first)
        let step = try harness.interpreter.process(.timer(timer.id, at: timer.due), snapshot: harness.snapshot).get()
        #expect(
            step.effects.contains { if case .send(let outgoing) = $0 { outgoing.target == "case:C-42" } else { false } }
        )
        #expect(step.snapshot.pendingTimers.isEmpty)
    }
}

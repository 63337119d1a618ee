import Foundation
import Statecharts
import StatechartsTestSupport
import Testing

/// Canonical JSON encoding of snapshots, restoring, and replay equal to live.
struct SnapshotTests {
    static let document = DSL.doc(
        [
            DSL.state(
                "s",
                [
                    DSL.history("h", deep: true, default: "a"),
                    DSL.state("a", on: [DSL.on("next", to: ["b"], do: [DSL.assign("n", "n + 1")])]),
                    DSL.state("b", entry: [DSL.send("tick", delay: "PT1H")], on: [DSL.on("tick", to: ["a"])]),
                ], on: [DSL.on("out", to: ["o"])]),
            DSL.state("o", on: [DSL.on("back", to: ["h"])]),
        ], data: [DataItem(id: "n", expr: "0")])

    static let events = ["next", "out", "back", "next", "bogus"]

    @Test func roundTripIsExact() throws {
        var harness = try Harness(Self.document)
        for name in Self.events {
            try harness.send(name)
            let json = harness.snapshot.canonicalJSON()
            let restored = try harness.interpreter.restore(canonicalJSON: json)
            #expect(restored == harness.snapshot)
            #expect(restored.canonicalJSON() == json)
        }
    }

    @Test func continuingFromRestoredSnapshotEqualsNeverStopping() throws {
        var live = try Harness(Self.document)
        var restored = try Harness(Self.document)
        for name in Self.events {
            try live.send(name)
            restored.snapshot = try restored.interpreter.restore(canonicalJSON: restored.snapshot.canonicalJSON())
            try restored.send(name)
            #expect(live.snapshot == restored.snapshot)
        }
        #expect(live.effects == restored.effects)
    }

    @Test func replayIsAFoldOverStoredEvents() throws {
        let interpreter = try Interpreter(document: Self.document)
        let start = Instant(iso8601: "2026-01-01T00:00:00Z") ?? .epoch
        var stored: [ExternalEvent] = []
        var live = interpreter.start(at: start).snapshot
        for (offset, name) in Self.events.enumerated() {
            let event = ExternalEvent(name: name, at: start.adding(microseconds: Int64(offset) * 1_000_000))
            stored.append(event)
            live = try interpreter.process(event, snapshot: live).get().snapshot
        }
        let replayed = try stored.reduce(interpreter.start(at: start).snapshot) { snapshot, event in
            try interpreter.process(event, snapshot: snapshot).get().snapshot
        }
        #expect(replayed == live)
        #expect(replayed.canonicalJSON() == live.canonicalJSON())
    }

    @Test func restoringRejectsUnknownStates() throws {
        let interpreter = try Interpreter(document: Self.document)
        let json = interpreter.start(at: .epoch).snapshot.canonicalJSON().replacingOccurrences(
            of: "\"a\"", with: "\"zz\"")
        #expect(throws: SnapshotError.self) { try interpreter.restore(canonicalJSON: json) }
    }

    @Test func eventsAfterHaltingAreRejected() throws {
        let interpreter = try Interpreter(document: DSL.doc([DSL.final("done")]))
        let snapshot = interpreter.start(at: .epoch).snapshot
        #expect(snapshot.isHalted)
        #expect(snapshot.finalState == "done")
    }
}

/// `deliver` + `macrostep` one at a time gives the same result as `process`.
struct MacrostepByMacrostepTests {
    @Test func steppingEqualsProcessing() throws {
        let interpreter = try Interpreter(document: MachineInvokeTests.parentToChild)
        let start = interpreter.start(at: .epoch).snapshot
        let event = ExternalEvent(name: "leave", at: Instant(microsecondsSinceEpoch: 5))
        let processed = try interpreter.process(event, snapshot: start).get().snapshot
        var stepped = try interpreter.deliver(event, to: start).get().snapshot
        var count = 0
        while !stepped.isIdle {
            let json = try interpreter.macrostep(stepped).get().snapshot.canonicalJSON()
            stepped = try interpreter.restore(canonicalJSON: json)
            count += 1
        }
        #expect(count == 1)
        #expect(stepped == processed)
        #expect(throws: Rejection.idle) { try interpreter.macrostep(stepped).get() }
    }
}

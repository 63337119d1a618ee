import Foundation
import Testing
import Workflows

@testable import AccreditEngine
@testable import Statecharts

/// The interpreter's shortcut for inert transitions (``InertSelection``) must give exactly what the full algorithm
/// gives: random walks over many charts feed every event to both and compare snapshot, effects, trace and verdict,
/// and to ``Interpreter/advance(_:in:host:)``, the in-place form replay uses.
struct InertShortcutTests {
    /// A walk's tally: how many events took the shortcut, so a walk that never exercised it is noticed.
    struct Tally {
        var events = 0
        var shortcuts = 0
    }

    /// Walks `interpreter` for `steps` random events (chart event names, variants of them and due timers).
    static func walk(_ interpreter: Interpreter, steps: Int, seed: UInt64) throws -> Tally {
        var random = SeededGenerator(state: seed)
        let written = Set(interpreter.chart.transitions.flatMap { $0.events.map(\.name) }).subtracting(["*"]).sorted()
        let names = written + written.map { $0 + ".more" } + ["unknown.event", "done.invoke.x", "error.execution"]
        var time = Instant(microsecondsSinceEpoch: 1_767_600_000_000_000)
        var snapshot = interpreter.start(at: time, sessionID: "walk").snapshot
        var tally = Tally()
        var memo = AdvanceMemo()
        for _ in 0..<steps {
            if snapshot.isHalted { snapshot = interpreter.start(at: time, sessionID: "walk").snapshot }
            time = time.adding(microseconds: Int64.random(in: 0...86_400_000_000, using: &random))
            let event: ExternalEvent
            if let timer = snapshot.pendingTimers.first, Int.random(in: 0..<8, using: &random) == 0 {
                time = max(time, timer.due)
                event = .timer(timer.id, at: time)
            } else {
                let name = names[Int.random(in: 0..<names.count, using: &random)]
                event = ExternalEvent(
                    name: name, data: ["n": .integer(Int64(tally.events))], at: time, origin: "walker")
            }
            if interpreter.inertStep(event, snapshot: snapshot, tracing: true) != nil { tally.shortcuts += 1 }
            tally.events += 1
            let quick = interpreter.process(event, snapshot: snapshot)
            let full = interpreter.processFully(event, snapshot: snapshot, host: .none, tracing: true)
            var advanced = snapshot
            let advance = interpreter.advance(event, in: &advanced, memo: &memo) { _ in FunctionTable.none }
            switch (quick, full) {
            case (.success(let a), .success(let b)):
                #expect(a.snapshot == b.snapshot, "\(event.name): snapshots differ")
                #expect(a.effects == b.effects, "\(event.name): effects differ")
                #expect(a.macrosteps == b.macrosteps, "\(event.name): traces differ")
                #expect(a.eventEnabledTransition == b.eventEnabledTransition, "\(event.name): verdicts differ")
                switch advance {
                case .success(.taken(let effects)):
                    #expect(b.eventEnabledTransition, "\(event.name): advance took an unmatched event")
                    #expect(advanced == b.snapshot && effects == b.effects, "\(event.name): advance differs")
                case .success(.unmatched):
                    #expect(!b.eventEnabledTransition, "\(event.name): advance missed a transition")
                    #expect(advanced == snapshot, "\(event.name): an unmatched event changed the snapshot")
                case .failure(let rejection):
                    Issue.record("\(event.name): advance rejected what process took: \(rejection)")
                }
                snapshot = b.snapshot
            case (.failure(let a), .failure(let b)):
                #expect(a == b)
                #expect(advance == .failure(b) && advanced == snapshot, "\(event.name): advance differs")
            default:
                Issue.record("\(event.name): one path failed and the other did not: \(quick) / \(full)")
                return tally
            }
        }
        return tally
    }

    @Test func theShippedWorkflowTakesTheShortcutExactly() throws {
        let machine = try CaseMachineTests.machine()
        var shortcuts = 0
        for seed in 1...20 as ClosedRange<UInt64> {
            shortcuts += try Self.walk(machine.interpreter, steps: 400, seed: seed).shortcuts
        }
        #expect(shortcuts > 100, "the walks took the shortcut only \(shortcuts) times")
    }

    /// A chart where a state's own transition must win over its ancestor's for the same event (and over a shorter
    /// descriptor that also matches), in compound and parallel states: a table that let the ancestor decide would
    /// take the shortcut where SCXML moves.
    static let precedence = """
        <scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" datamodel="null" initial="p">
          <state id="p" initial="c1">
            <transition event="ping"/>
            <transition event="evt"/>
            <state id="c1">
              <transition event="ping" target="c2"/>
              <transition event="evt.sub" target="c2"/>
            </state>
            <state id="c2">
              <transition event="ping"/>
              <transition event="back" target="c1"/>
              <transition event="go" target="q"/>
            </state>
          </state>
          <parallel id="q">
            <transition event="evt"/>
            <state id="r1">
              <transition event="ping"/>
              <transition event="back" target="p"/>
            </state>
            <state id="r2">
              <transition event="evt.sub" target="r2"/>
            </state>
          </parallel>
        </scxml>
        """

    @Test func aStatesOwnTransitionWinsOverItsAncestors() throws {
        let document = try SCXMLLoader.load(Array(Self.precedence.utf8), file: "precedence.scxml")
        let interpreter = try SCXMLLoader.interpreter(for: document)
        var shortcuts = 0
        for seed in 1...20 as ClosedRange<UInt64> {
            shortcuts += try Self.walk(interpreter, steps: 100, seed: seed).shortcuts
        }
        #expect(shortcuts > 0)
        let start = interpreter.start(at: .epoch, sessionID: "walk").snapshot
        let moved = try interpreter.process(ExternalEvent(name: "ping", at: .epoch), snapshot: start).get()
        #expect(moved.snapshot.configuration == ["p", "c2"])
        let sub = try interpreter.process(ExternalEvent(name: "evt.sub", at: .epoch), snapshot: start).get()
        #expect(sub.snapshot.configuration == ["p", "c2"])
    }

    /// Every semantics fixture is walked; together they must take the shortcut (a table that never answers
    /// "inert" would pass every comparison while testing nothing).
    @Test func semanticsFixturesTakeTheShortcutExactly() throws {
        var tally = Tally()
        for name in SemanticsFixtureTests.names {
            let path = SemanticsFixtureTests.folder.appendingPathComponent(name + ".scxml").path
            let interpreter = try SCXMLLoader.interpreter(fileAt: path)
            for seed in 1...5 as ClosedRange<UInt64> {
                let walked = try Self.walk(interpreter, steps: 200, seed: seed)
                tally.events += walked.events
                tally.shortcuts += walked.shortcuts
            }
        }
        #expect(!SemanticsFixtureTests.names.isEmpty)
        #expect(tally.shortcuts > 0, "\(tally.events) events over the fixtures and none took the shortcut")
    }

    /// Every W3C chart loads (a chart that failed to load would otherwise drop out of the comparison unnoticed) and
    /// is walked; together they must take the shortcut.
    @Test func w3cChartsTakeTheShortcutExactly() throws {
        #expect(!W3CConformanceTests.testFiles.isEmpty)
        var shortcuts = 0
        for file in W3CConformanceTests.testFiles {
            let interpreter = try SCXMLLoader.interpreter(fileAt: W3CConformanceTests.path(file))
            shortcuts += try Self.walk(interpreter, steps: 60, seed: 7).shortcuts
        }
        #expect(shortcuts > 0)
    }

    /// A case decided and folded through the shortcut equals one through the full algorithm, event by event,
    /// refusals included.
    @Test func caseDecisionsAndReplayMatchTheFullAlgorithm() throws {
        let quick = try CaseMachineTests.machine()
        var full = try CaseMachineTests.machine()
        full.inertShortcut = false
        var random = SeededGenerator(state: 42)
        let criteria = quick.framework.criteria.map(\.id)
        var script: [(String, String, Set<String>, Value)] = [
            ("application.submit", "ann", ["applicant"], .null), ("application.accept", "sec", ["secretariat"], .null),
            ("eligibility.confirm", "sec", ["secretariat"], .null),
            ("team.assign", "sec", ["secretariat"], ["person": "lee", "position": "lead"]),
            ("impartiality.confirm", "sec", ["secretariat"], .null),
        ]
        for (name, data) in SubmissionFixture.events(quick.framework) {
            script.append((name, "ann", ["applicant"], data))
        }
        let submit: (String, String, Set<String>, Value) = ("evidence.submit", "ann", ["applicant"], .null)
        script += [submit, ("review.return", "alice", ["assessor"], .null), submit]
        for _ in 0..<150 {
            let criterion = criteria[Int.random(in: 0..<criteria.count, using: &random)]
            let pick = Int.random(in: 0..<6, using: &random)
            script.append(
                pick == 0
                    ? (
                        "evidence.accept", "alice", ["assessor"],
                        ["evidence": .string("E-\(Int.random(in: 0..<40, using: &random))")]
                    )
                    : pick == 1
                        ? ("conflict.declare", "alice", ["assessor"], .null)
                        : ("review.rate", "alice", ["assessor"], ["criterion": .string(criterion), "rating": "met"]))
        }
        script += ["review.complete", "visit.schedule", "visit.complete", "findings.clear"].map {
            ($0, "lee", ["assessor", "secretariat", "lead-assessor"], .null)
        }
        var quickRun = try CaseMachineTests.Run(quick)
        var fullRun = try CaseMachineTests.Run(full)
        for (name, actor, roles, data) in script {
            #expect(
                quickRun.send(name, by: actor, roles, data) == fullRun.send(name, by: actor, roles, data), "\(name)")
            #expect(quickRun.state.snapshot == fullRun.state.snapshot && quickRun.state.record == fullRun.state.record)
        }
        #expect(quickRun.log.count > 100)
        var folded = quick.open(caseID: "C-1", at: try #require(Instant(iso8601: "2026-01-05T09:00:00Z")))
        var slow = folded
        for envelope in quickRun.log {
            let a = quick.fold(envelope, into: &folded)
            let b = full.fold(envelope, into: &slow)
            #expect(a == b, "seq \(envelope.seq)")
            #expect(folded.snapshot == slow.snapshot && folded.record == slow.record, "seq \(envelope.seq)")
        }
        #expect(folded.snapshot == quickRun.state.snapshot)
    }
}

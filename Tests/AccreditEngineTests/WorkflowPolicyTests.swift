import AccreditEngine
import Statecharts
import StatechartsTestSupport
import Testing

struct WorkflowPolicyTests {
    static let at = Instant(microsecondsSinceEpoch: 1_767_225_600_000_000)

    static func roles(_ value: String) -> [ForeignNode] {
        [ForeignNode(namespace: WorkflowExtension.namespace, name: "roles", value: value, line: 1)]
    }

    /// draft --submit[applicant]--> review --decide[decision-maker] if ok--> done; review --tick (system)--> review.
    static func policy() throws -> WorkflowPolicy {
        let document = DSL.doc(
            [
                DSL.state(
                    "draft", on: [Transition(events: ["submit"], targets: ["review"], extensions: roles("applicant"))]),
                DSL.state(
                    "review",
                    on: [
                        Transition(
                            events: ["decide"], cond: "ok", targets: ["done"], extensions: roles("decision-maker")),
                        Transition(events: ["tick"], targets: ["review"]),
                    ]),
                DSL.final("done"),
            ], data: [DataItem(id: "ok", expr: "false")])
        return WorkflowPolicy(interpreter: try Interpreter(document: document))
    }

    @Test func anAllowedRoleGetsTheTransitions() throws {
        let policy = try Self.policy()
        let start = policy.interpreter.start(at: Self.at).snapshot
        let result = policy.check(
            ExternalEvent(name: "submit", at: Self.at), actorRoles: ["applicant"], snapshot: start)
        #expect(try result.get().map(\.source) == ["draft"])
    }

    @Test func aWrongRoleIsRefusedWithTheRolesNamed() throws {
        let policy = try Self.policy()
        let start = policy.interpreter.start(at: Self.at).snapshot
        let result = policy.check(ExternalEvent(name: "submit", at: Self.at), actorRoles: ["assessor"], snapshot: start)
        guard case .failure(let refusal) = result else {
            Issue.record("an assessor may not submit")
            return
        }
        #expect(refusal.code == .roleNotAllowed)
        #expect(
            refusal.description
                == "event 'submit' may be sent only by applicant in state draft, but you act as assessor: "
                + "ask someone in one of those roles")
    }

    @Test func anEventTheStateDoesNotTakeIsRefusedWithWhatIsAccepted() throws {
        let policy = try Self.policy()
        let start = policy.interpreter.start(at: Self.at).snapshot
        let result = policy.check(
            ExternalEvent(name: "decide", at: Self.at), actorRoles: ["applicant"], snapshot: start)
        guard case .failure(let refusal) = result else {
            Issue.record("decide is not accepted in draft")
            return
        }
        #expect(refusal.code == .notAccepted)
        #expect(refusal.description == "event 'decide' is not accepted in state draft; accepted now: submit")
    }

    @Test func aFalseGuardIsRefusedWithTheGuard() throws {
        let policy = try Self.policy()
        var snapshot = policy.interpreter.start(at: Self.at).snapshot
        snapshot = try policy.interpreter.process(ExternalEvent(name: "submit", at: Self.at), snapshot: snapshot).get()
            .snapshot
        let result = policy.check(
            ExternalEvent(name: "decide", at: Self.at), actorRoles: ["decision-maker"], snapshot: snapshot)
        guard case .failure(let refusal) = result else {
            Issue.record("the guard is false")
            return
        }
        #expect(refusal.code == .guardFailed)
        #expect(refusal.guards == ["ok"])
    }

    @Test func transitionsWithoutRolesAreForTheSystemAndTimersBypass() throws {
        let policy = try Self.policy()
        var snapshot = policy.interpreter.start(at: Self.at).snapshot
        snapshot = try policy.interpreter.process(ExternalEvent(name: "submit", at: Self.at), snapshot: snapshot).get()
            .snapshot
        let tick = ExternalEvent(name: "tick", at: Self.at)
        #expect(throws: WorkflowRefusal.self) {
            try policy.check(tick, actorRoles: ["applicant"], snapshot: snapshot).get()
        }
        #expect(throws: Never.self) { try policy.check(tick, actorRoles: ["system"], snapshot: snapshot).get() }
        let timer = ExternalEvent.timer("session/send.1/1", at: Self.at)
        #expect(try policy.check(timer, actorRoles: [], snapshot: snapshot).get().isEmpty)
        let accepted = policy.acceptedEvents(roles: ["decision-maker", "system"], in: snapshot)
        #expect(accepted.map(\.name) == ["decide", "tick"])
        #expect(accepted.map(\.enabled) == [false, true])
        #expect(accepted.first?.guards == ["ok"])
    }
}

import AccreditEngine
import CaseService
import EvidenceStore
import PostgresTestSupport
import ServiceTestSupport
import Statecharts
import Testing

/// Issue #18, item 3, through the desk and the store: an adverse decision appealed within its time, heard by a panel
/// that took no part in the case and holds no conflict, resolved only by the panel; replay checking every stored
/// panel again. Each rule has its attack.
struct AppealTests {
    /// C-1 refused by Dana (with a justification), with three appeal panel members, a conflicted decider (Dora) and
    /// a decider who acts for the organisation (Rhys) registered.
    static func withRefusal(_ body: (PostgresConnection, CaseDesk, Instant) throws -> Void) async throws {
        try await withDecision(
            ["outcome": "not-accredited", "justification": "the visit found unsafe staffing"], body)
    }

    /// C-1 decided with `decision` by Dana, every criterion rated met but `notMet`; the panel members and conflicted
    /// deciders of ``withRefusal(_:)`` registered.
    static func withDecision(
        _ decision: Value, notMet: String? = nil, _ body: (PostgresConnection, CaseDesk, Instant) throws -> Void
    ) async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let time = try CaseDeskTests.toEvidence(desk)
                for criterion in try desk.load("C-1").definitions.machine.framework.criteria {
                    try TestFiles.write(Array("Evidence for \(criterion.id)\n".utf8), to: dir + "/\(criterion.id).txt")
                    try desk.uploadEvidence(
                        "C-1", file: dir + "/\(criterion.id).txt", criterion: criterion.id, by: "ann", at: time)
                }
                try desk.completeSubmission("C-1", file: dir + "/SL-1.1.txt", at: time)
                try desk.fire("C-1", event: "evidence.submit", by: "ann", at: time)
                for criterion in try desk.load("C-1").definitions.machine.framework.criteria {
                    try desk.fire(
                        "C-1", event: "review.rate",
                        data: [
                            "criterion": .string(criterion.id), "rating": criterion.id == notMet ? "not-met" : "met",
                        ],
                        by: "alice", at: time)
                }
                for (event, actor) in [
                    ("review.complete", "alice"), ("visit.schedule", "sec"),
                    ("visit.complete", "lee"), ("findings.clear", "lee"), ("recommendation.submit", "lee"),
                ] {
                    try desk.fire("C-1", event: event, by: actor, at: time)
                }
                try desk.fire("C-1", event: "decision.record", data: decision, by: "dana", at: time)
                for (id, organisation) in [
                    ("pat", nil), ("quinn", nil), ("rosa", nil), ("dora", nil), ("rhys", "riverside"),
                ] as [(String, String?)] {
                    try desk.directory.add(
                        Actor(
                            id: id, name: id, roles: ["decision-maker"], organisation: organisation,
                            databaseLogin: nil))
                }
                try desk.directory.declare(
                    ConflictDeclaration(
                        actor: "dora", organisation: "riverside", from: time.adding(years: -3),
                        until: time.adding(months: -20), reason: "was its medical director"))
                try body(db, desk, time)
            }
        }
    }

    /// The rule that refuses `event` from `actor`, or nil when it is accepted.
    static func rule(
        _ desk: CaseDesk, _ event: String, _ data: Value = .null, by actor: String, at time: Instant
    ) -> String? {
        do {
            try desk.fire("C-1", event: event, data: data, by: actor, at: time)
            return nil
        } catch let refusal as CaseRefusal {
            return refusal.rule
        } catch {
            return "\(error)"
        }
    }

    @Test func aRefusalIsAppealedToAPanelWithNoPartInTheCase() async throws {
        try await Self.withRefusal { _, desk, time in
            #expect(try desk.load("C-1").state.status == "refusal-appealable")
            let refused = try desk.load("C-1")
            #expect(refused.definitions.machine.appealable(refused.state) == "refusal")
            #expect(refused.definitions.machine.appealDeadline(refused.state) == time.adding(days: 30))
            let grounds: Value = ["grounds": "Staffing met the standard on the day of the visit"]
            // Only the organisation appeals, with grounds.
            #expect(Self.rule(desk, "appeal.lodge", grounds, by: "hal", at: time) == "access.organisation")
            #expect(Self.rule(desk, "appeal.lodge", grounds, by: "sec", at: time) == "workflow.role-not-allowed")
            #expect(Self.rule(desk, "appeal.lodge", ["grounds": "  "], by: "ann", at: time) == "appeal.grounds")
            #expect(
                Self.rule(desk, "appeal.lodge", ["grounds": "bell\u{7}"], by: "ann", at: time) == "appeal.grounds")
            #expect(Self.rule(desk, "appeal.lodge", grounds, by: "ann", at: time) == nil)
            let lodged = try #require(try desk.load("C-1").state.record.openAppeal)
            #expect(lodged.id == "A-1" && lodged.against == "refusal" && lodged.lodgedBy == "ann")
            #expect(lodged.scope == "not-accredited")
            #expect(lodged.due == time.adding(days: 60))
            // Past its date, the report lists it for the secretariat.
            #expect(try desk.report(at: time.adding(days: 59), expiringWithinDays: 0).lateAppeals.isEmpty)
            let late = try desk.report(at: time.adding(days: 61), expiringWithinDays: 0).lateAppeals
            #expect(late.map { "\($0.caseID) \($0.appeal) \($0.against)" } == ["C-1 A-1 refusal"])
            #expect(Self.rule(desk, "appeal.lodge", grounds, by: "ann", at: time) == "workflow.not-accepted")

            // Nobody resolves it before a panel sits; the secretariat appoints one.
            #expect(Self.rule(desk, "appeal.uphold", ["reasons": "x"], by: "pat", at: time) == "appeal.no-panel")
            func panel(_ people: [String], by actor: String = "sec") -> String? {
                Self.rule(desk, "appeal.panel", ["panel": .array(people.map(Value.string))], by: actor, at: time)
            }
            #expect(panel(["pat", "quinn", "rosa"], by: "ann") == "workflow.role-not-allowed")
            #expect(panel(["pat", "quinn", "rosa"], by: "dana") == "workflow.role-not-allowed")
            #expect(panel(["dana", "quinn", "rosa"]) == "appeal.panel-involved")
            #expect(panel(["alice", "quinn", "rosa"]) == "appeal.panel-role")
            #expect(panel(["carl", "quinn", "rosa"]) == "appeal.panel-role")
            #expect(panel(["ann", "quinn", "rosa"]) == "appeal.panel-role")
            #expect(panel(["dora", "quinn", "rosa"]) == "appeal.panel-conflict")
            #expect(panel(["rhys", "quinn", "rosa"]) == "appeal.panel-conflict")
            #expect(panel(["ghost", "quinn", "rosa"]) == "appeal.unknown-person")
            #expect(panel(["pat", "pat", "rosa"]) == "appeal.panel")
            #expect(panel([]) == "appeal.panel")
            #expect(panel(Array(repeating: "pat", count: 10)) == "appeal.panel")
            #expect(panel(["pat", "quinn"]) == nil)
            // The shipped workflow asks for three.
            #expect(Self.rule(desk, "appeal.uphold", ["reasons": "x"], by: "pat", at: time) == "workflow.guard-failed")
            #expect(panel(["pat", "quinn", "rosa"]) == nil)
            #expect(try desk.load("C-1").state.record.openAppeal?.panel == ["pat", "quinn", "rosa"])

            // Only the panel resolves it, with reasons.
            #expect(Self.rule(desk, "appeal.uphold", ["reasons": "x"], by: "dana", at: time) == "appeal.not-on-panel")
            #expect(Self.rule(desk, "appeal.uphold", ["reasons": ""], by: "pat", at: time) == "appeal.reasons")
            #expect(
                Self.rule(desk, "appeal.uphold", ["reasons": "The rota shows safe staffing"], by: "quinn", at: time)
                    == nil)
            let state = try desk.load("C-1").state
            #expect(state.status == "decision" && state.record.openAppeal == nil)
            let heard = try #require(state.record.appeals["A-1"])
            #expect(
                heard.outcome == .upheld && heard.resolvedBy == "quinn"
                    && heard.reasons == "The rota shows safe staffing")
            // Decided again: the outcome the rules give.
            try desk.fire("C-1", event: "decision.record", data: ["outcome": "accredited"], by: "dana", at: time)
            #expect(try desk.load("C-1").state.status.contains("surveillance-scheduled"))
        }
    }

    /// A dismissed appeal ends the case; a second appeal against the same decision is not offered.
    @Test func aDismissedAppealEndsTheCase() async throws {
        try await Self.withRefusal { _, desk, time in
            try desk.fire("C-1", event: "appeal.lodge", data: ["grounds": "We disagree"], by: "ann", at: time)
            try desk.fire("C-1", event: "appeal.panel", data: ["panel": ["pat", "quinn", "rosa"]], by: "sec", at: time)
            try desk.fire(
                "C-1", event: "appeal.dismiss", data: ["reasons": "The visit record stands"], by: "rosa", at: time)
            let state = try desk.load("C-1").state
            #expect(state.snapshot.finalState == "closed")
            #expect(state.record.appeals["A-1"]?.outcome == .dismissed)
            #expect(Self.rule(desk, "appeal.lodge", ["grounds": "again"], by: "ann", at: time) != nil)
        }
    }

    /// The attacks of the case's own people: a decision maker who suspended (or otherwise acted in) the case, or a
    /// panel member who acts in it after being appointed, cannot hear its appeal; a sitting panel member cannot be
    /// put on the team; the panel is checked again against the register when it resolves.
    @Test func nobodyWhoActedInTheCaseHearsItsAppeal() async throws {
        try await Self.withRefusal { _, desk, time in
            // Pat declares a conflict in the case: it enters the register, and he has sent an event in the case.
            try desk.fire("C-1", event: "appeal.lodge", data: ["grounds": "We disagree"], by: "ann", at: time)
            try desk.fire("C-1", event: "conflict.declare", data: ["reason": "golf partner"], by: "pat", at: time)
            let panel: (Value) -> String? = { members in
                Self.rule(desk, "appeal.panel", ["panel": members], by: "sec", at: time)
            }
            // The register refuses him first; Rosa, who only reads, is fine.
            #expect(panel(["pat", "quinn", "rosa"]) == "appeal.panel-conflict")
            #expect(panel(["quinn", "rosa", "sec"]) == "appeal.panel-role")
            try desk.directory.add(
                Actor(
                    id: "vic", name: "vic", roles: ["decision-maker", "assessor"], organisation: nil, databaseLogin: nil
                ))
            try DeskFixtures.recordCompetences(desk.directory, for: ["vic"])
            #expect(panel(["quinn", "rosa", "vic"]) == nil)
            // Vic, sitting on the panel, cannot be put on the team.
            #expect(
                Self.rule(desk, "team.assign", ["person": "vic"], by: "sec", at: time) == "team.on-panel")
            // Quinn declares a conflict after being appointed: the panel can no longer resolve.
            try desk.directory.declare(
                ConflictDeclaration(
                    actor: "quinn", organisation: "riverside", from: time, until: nil, reason: "joined its board"))
            #expect(
                Self.rule(desk, "appeal.uphold", ["reasons": "x"], by: "rosa", at: time) == "appeal.panel-conflict")
            try desk.directory.add(
                Actor(id: "una", name: "una", roles: ["decision-maker"], organisation: nil, databaseLogin: nil))
            #expect(panel(["una", "rosa", "vic"]) == nil)
            // Una declares a conflict in the case after being appointed: the panel must be appointed again.
            try desk.fire("C-1", event: "conflict.declare", data: ["reason": "met the chair"], by: "una", at: time)
            #expect(
                Self.rule(desk, "appeal.dismiss", ["reasons": "x"], by: "rosa", at: time) == "appeal.panel-conflict")
            // A decision maker who only suspended a case took part in it too.
            #expect(try desk.load("C-1").state.record.participants.isSuperset(of: ["dana", "sec", "pat", "una"]))
        }
    }

    /// The time to appeal ends when its deadline falls due, even before the deadline is delivered; a case that ends
    /// with an appeal open records it as lapsed.
    @Test func aLateAppealIsRefusedAndAnEndedCaseLapsesItsAppeal() async throws {
        try await Self.withRefusal { _, desk, time in
            let late = time.adding(days: 31)
            let refused = try #require(throws: CaseRefusal.self) {
                try desk.fire("C-1", event: "appeal.lodge", data: ["grounds": "late"], by: "ann", at: late)
            }
            #expect(refused.rule == "appeal.late" && refused.message.contains("ended"))
            #expect(try desk.fireDueTimers(at: late).map(\.event) == ["deadline.appeal"])
            #expect(try desk.load("C-1").state.snapshot.finalState == "closed")
        }
        try await Self.withRefusal { _, desk, time in
            // Upheld and accredited on a fresh decision, then suspended; the award expires while the suspension's
            // appeal is still heard.
            try desk.fire("C-1", event: "appeal.lodge", data: ["grounds": "We disagree"], by: "ann", at: time)
            try desk.fire("C-1", event: "appeal.panel", data: ["panel": ["pat", "quinn", "rosa"]], by: "sec", at: time)
            try desk.fire("C-1", event: "appeal.uphold", data: ["reasons": "Sound"], by: "pat", at: time)
            try desk.fire("C-1", event: "decision.record", data: ["outcome": "accredited"], by: "dana", at: time)
            try desk.fire("C-1", event: "case.suspend", by: "sec", at: time)
            try desk.fire("C-1", event: "appeal.lodge", data: ["grounds": "Unfair"], by: "ann", at: time)
            let expiry = try #require(try desk.load("C-1").definitions.machine.awardExpiry(of: desk.load("C-1").state))
            _ = try desk.fireDueTimers(at: expiry.adding(days: 1), caseID: "C-1")
            let state = try desk.load("C-1").state
            #expect(state.snapshot.finalState == "expired")
            #expect(state.record.appeals["A-2"]?.outcome == .lapsed && state.record.openAppeal == nil)
        }
    }

    /// Conditions lifted on appeal: the panel names the outcome without them, a new certificate is issued with it,
    /// and the status list supersedes the one with conditions. A dismissal names no outcome.
    @Test func conditionsLiftedOnAppealIssueACertificateWithoutThem() async throws {
        let decision: Value = ["outcome": "accredited-with-conditions", "justification": "one criterion not met"]
        try await Self.withDecision(decision, notMet: "SL-3.1") { _, desk, time in
            let before = try desk.certificate(for: "C-1")
            #expect(before.outcome == "accredited-with-conditions" && before.conditions)
            try desk.fire("C-1", event: "appeal.lodge", data: ["grounds": "SL-3.1 is met"], by: "ann", at: time)
            try desk.fire("C-1", event: "appeal.panel", data: ["panel": ["pat", "quinn", "rosa"]], by: "sec", at: time)
            #expect(
                Self.rule(desk, "appeal.dismiss", ["reasons": "x", "outcome": "accredited"], by: "pat", at: time)
                    == "appeal.outcome")
            #expect(
                Self.rule(desk, "appeal.uphold", ["reasons": "x", "outcome": "gold"], by: "pat", at: time)
                    == "appeal.outcome")
            #expect(Self.rule(desk, "appeal.uphold", ["reasons": "x"], by: "pat", at: time) == "workflow.guard-failed")
            try desk.fire(
                "C-1", event: "appeal.uphold", data: ["reasons": "SL-3.1 is met", "outcome": "accredited"], by: "pat",
                at: time)
            let after = try desk.certificate(for: "C-1")
            #expect(after.outcome == "accredited" && !after.conditions)
            #expect(after.number != before.number && after.expiresAt == before.expiresAt)
            #expect(try desk.load("C-1").state.record.appeals["A-1"]?.substitutedOutcome == "accredited")
            let entries = try desk.awardStatusEntries(at: time)
            #expect(
                entries.map { "\($0.number) \($0.status)" } == [
                    "\(before.number) superseded", "\(after.number) current",
                ])
        }
    }

    /// The insider's attack: a conflicted person written onto the panel past the desk, and the event re-hashed, is
    /// reported by replay with its rule.
    @Test func replayReportsAPanelTheRulesWouldHaveRefused() async throws {
        try await Self.withRefusal { db, desk, time in
            try desk.fire("C-1", event: "appeal.lodge", data: ["grounds": "We disagree"], by: "ann", at: time)
            try desk.fire("C-1", event: "appeal.panel", data: ["panel": ["pat", "quinn", "rosa"]], by: "sec", at: time)
            #expect(try InsiderReplayAttackTests.replayFindings(db, desk).isEmpty)
            let appointed = try desk.load("C-1").head.version
            try Insider(db).rewrite("C-1", from: appointed) { envelope in
                if envelope.seq == appointed { envelope.payload = ["panel": ["dora", "quinn", "rosa"]] }
            }
            #expect(
                try InsiderReplayAttackTests.replayFindings(db, desk).map {
                    $0.split(separator: " ").prefix(4).joined(separator: " ")
                } == ["C-1 \(appointed) actor-not-allowed appeal.panel-conflict"])
        }
    }
}

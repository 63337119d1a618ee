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
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let time = try CaseDeskTests.toEvidence(desk)
                for criterion in try desk.load("C-1").definitions.machine.framework.criteria {
                    try TestFiles.write(Array("Evidence for \(criterion.id)\n".utf8), to: dir + "/\(criterion.id).txt")
                    try desk.uploadEvidence(
                        "C-1", file: dir + "/\(criterion.id).txt", criterion: criterion.id, by: "ann", at: time)
                }
                try desk.fire("C-1", event: "evidence.submit", by: "ann", at: time)
                for criterion in try desk.load("C-1").definitions.machine.framework.criteria {
                    try desk.fire(
                        "C-1", event: "review.rate", data: ["criterion": .string(criterion.id), "rating": "met"],
                        by: "alice", at: time)
                }
                for (event, actor) in [
                    ("review.complete", "alice"), ("visit.schedule", "sec"),
                    ("visit.complete", "lee"), ("findings.clear", "lee"), ("recommendation.submit", "lee"),
                ] {
                    try desk.fire("C-1", event: event, by: actor, at: time)
                }
                try desk.fire(
                    "C-1", event: "decision.record",
                    data: ["outcome": "not-accredited", "justification": "the visit found unsafe staffing"],
                    by: "dana", at: time)
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
            #expect(try desk.load("C-1").state.status == "not-accredited")
            #expect(try desk.load("C-1").definitions.machine.appealable(desk.load("C-1").state) == "refusal")
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
            #expect(lodged.due == time.adding(days: 60))
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

import AccreditEngine
import CaseService
import EvidenceStore
import PostgresTestSupport
import ServiceTestSupport
import Statecharts
import Testing

/// Issue #18, items 3 and 4, through the desk and the store: complaints received, triaged and closed, erasable;
/// unannounced and for-cause visits planned where the organisation cannot see them and sealed into the case when
/// held. Each rule has its attack.
struct ComplaintVisitTests {
    /// C-1 accredited (in `awarded`), with a public complaint about Riverside received and triaged for a visit.
    static func withComplaint(
        _ body: (PostgresConnection, CaseDesk, Instant, Complaint) throws -> Void
    ) async throws {
        try await AppealTests.withDecision(["outcome": "accredited", "justification": "every criterion met"]) {
            db, desk, time in
            let complaint = try desk.receiveComplaint(
                ComplaintIntake(
                    organisation: "riverside", source: .public, complainant: "Jo Bloggs",
                    contact: "jo@example.org", body: "My father was left without his medicines for two days.",
                    receivedBy: "sec"),
                by: nil)
            try body(db, desk, time, complaint)
        }
    }

    static func refusal(_ body: () throws -> Any) -> String? {
        do {
            _ = try body()
            return nil
        } catch let refusal as CaseRefusal {
            return refusal.rule
        } catch let error as StoreError {
            return error.code.name
        } catch let error as CaseServiceError {
            return error.code.name
        } catch {
            return "\(error)"
        }
    }

    @Test func aComplaintLeadsToAForCauseVisitTheOrganisationSeesOnlyOnceHeld() async throws {
        try await Self.withComplaint { _, desk, time, complaint in
            // From the public form: nobody received it, whatever the intake claimed.
            #expect(complaint.reference == "CMP-1" && complaint.receivedBy == nil && complaint.status == "received")
            #expect(Self.refusal { try desk.complaints(as: "ann") } == "access.complaints.read")
            #expect(Self.refusal { try desk.complaints(as: "alice") } == "access.complaints.read")
            #expect(try desk.complaints(as: "aud").map(\.reference) == ["CMP-1"])
            #expect(
                Self.refusal {
                    try desk.triageComplaint("CMP-1", decision: "for-cause-visit", summary: "medicines", by: "aud")
                } == "access.complaints.handle")
            let summary = "Medicines not given on a medical ward for two days"
            _ = try desk.triageComplaint("CMP-1", decision: "for-cause-visit", summary: summary, by: "sec")

            let today = try desk.now()
            #expect(
                Self.refusal {
                    try desk.planVisit(
                        caseID: "C-1", kind: .forCause, notBefore: today, notAfter: today.adding(days: 14),
                        complaints: ["CMP-1"], note: nil, by: "alice")
                } == "access.visits.plan")
            let plan = try desk.planVisit(
                caseID: "C-1", kind: .forCause, notBefore: today, notAfter: today.adding(days: 14),
                complaints: ["CMP-1"], note: "go to ward 7 first", by: "sec")
            #expect(plan.reference == "V-1" && plan.status == "planned" && plan.plannedAt != nil)

            // The organisation learns nothing of the plan: not from the plans, the case or its history, nor by
            // sending the event.
            #expect(Self.refusal { try desk.visitPlans(of: "C-1", as: "ann") } == "access.visits.read")
            #expect(Self.refusal { try desk.visitPlan("V-1", as: "ann") } == "access.visits.read")
            #expect(Self.refusal { try desk.visitPlans(as: "ann") } == "access.visits.read")
            let before = try desk.history("C-1", as: "ann")
            #expect(!before.contains { $0.event == "visit.hold" })
            #expect(
                Self.refusal { try desk.fire("C-1", event: "visit.hold", data: ["visit": "V-1"], by: "ann", at: time) }
                    == "workflow.role-not-allowed")
            // An assessor who is not on the team neither reads the plan nor records the visit.
            #expect(Self.refusal { try desk.visitPlan("V-1", as: "carl") } == "access.not-assigned")
            #expect(try desk.visitPlans(as: "carl").isEmpty)
            #expect(try desk.visitPlans(as: "alice").map(\.reference) == ["V-1"])

            let outcome = try desk.holdVisit(
                "V-1", report: "Ward 7 medicine rounds observed; two omissions found", by: "alice")
            let data = outcome.events.first?.envelope.payload ?? .null
            #expect(data["kind"] == "for-cause" && data["plannedBy"] == "sec")
            #expect(data["complaints"] == [["complaint": "CMP-1", "summary": .string(summary)]])
            let visit = try #require(try desk.load("C-1").state.record.visits["V-1"])
            #expect(visit.heldBy == "alice" && visit.complaints.map(\.reference) == ["CMP-1"])
            #expect(try desk.visitPlan("V-1", as: "sec").status == "held")
            // The complainant's identity and words are never in the case.
            let history = try desk.history("C-1", as: "ann")
            let text = history.map { "\($0)" }.joined()
            #expect(history.contains { $0.event == "visit.hold" })
            #expect(!text.contains("Jo Bloggs") && !text.contains("jo@example.org") && !text.contains("father"))
            #expect(
                Self.refusal { try desk.holdVisit("V-1", report: "again", by: "lee") } == "visit.already-held")

            let closed = try desk.closeComplaint(
                "CMP-1", outcome: "substantiated", summary: "Two omissions found; a major finding was raised",
                by: "sec")
            #expect(closed.status == "closed")
            let erased = try desk.eraseComplaint("CMP-1", by: "sec")
            #expect(erased.complainant == nil && erased.contact == nil && erased.body == nil)
            #expect(erased.triage?.summary == summary && erased.erased?.actor == "sec")
            #expect(Self.refusal { try desk.eraseComplaint("CMP-1", by: "sec") } == "complaint.erased")
            // Replay and the audit stand behind the held visit, and a snapshot keeps it.
            #expect(try desk.replay("C-1").state.record.visits["V-1"] == visit)
            let machine = try desk.load("C-1").definitions.machine
            let state = try desk.load("C-1").state
            #expect(machine.decode(machine.encode(state))?.record.visits == state.record.visits)
            #expect(machine.encode(state)["format"] == 8)  // (8: it has self-assessments and items too)
        }
    }

    @Test func everyComplaintRuleHasItsAttack() async throws {
        try await Self.withComplaint { _, desk, _, _ in
            let blank = ComplaintIntake(
                organisation: "riverside", source: .staff, complainant: nil, contact: nil, body: "  \n ",
                receivedBy: nil)
            #expect(Self.refusal { try desk.receiveComplaint(blank, by: nil) } == "complaint.text")
            var hostile = blank
            hostile.body = "a complaint"
            hostile.complainant = "Mallory\u{1B}[2J"
            #expect(Self.refusal { try desk.receiveComplaint(hostile, by: nil) } == "complaint.complainant")
            hostile.complainant = nil
            hostile.organisation = "nowhere"
            #expect(Self.refusal { try desk.receiveComplaint(hostile, by: nil) } == "organisation.not-found")
            hostile.organisation = "riverside"
            #expect(Self.refusal { try desk.receiveComplaint(hostile, by: "ann") } == "access.complaints.handle")
            let recorded = try desk.receiveComplaint(hostile, by: "sec")
            #expect(recorded.receivedBy == "sec" && recorded.complainant == nil)

            #expect(Self.refusal { try desk.complaint("CMP-99", as: "sec") } == "store.not-found")
            #expect(Self.refusal { try desk.complaint("'; DROP TABLE complaints", as: "sec") } == "store.not-found")
            #expect(
                Self.refusal { try desk.triageComplaint("CMP-1", decision: "ignore", summary: "x", by: "sec") }
                    == "complaint.decision")
            #expect(
                Self.refusal { try desk.triageComplaint("CMP-1", decision: "monitor", summary: " ", by: "sec") }
                    == "complaint.summary")
            #expect(
                Self.refusal { try desk.closeComplaint("CMP-1", outcome: "withdrawn", summary: "x", by: "sec") }
                    == "complaint.not-triaged")
            #expect(Self.refusal { try desk.eraseComplaint("CMP-1", by: "sec") } == "complaint.not-triaged")
            _ = try desk.triageComplaint("CMP-1", decision: "for-cause-visit", summary: "medicines", by: "sec")
            #expect(
                Self.refusal { try desk.triageComplaint("CMP-1", decision: "no-action", summary: "x", by: "sec") }
                    == "complaint.triaged")
            // Triaged for a visit: it closes only after one was held, or as withdrawn once none is still planned.
            #expect(
                Self.refusal { try desk.closeComplaint("CMP-1", outcome: "not-substantiated", summary: "x", by: "sec") }
                    == "complaint.visit-pending")
            let today = try desk.now()
            _ = try desk.planVisit(
                caseID: "C-1", kind: .forCause, notBefore: today, notAfter: today, complaints: ["CMP-1"], note: nil,
                by: "sec")
            #expect(
                Self.refusal { try desk.closeComplaint("CMP-1", outcome: "withdrawn", summary: "x", by: "sec") }
                    == "complaint.visit-pending")
            _ = try desk.cancelVisit("V-1", reason: "the complainant withdrew", by: "sec")
            _ = try desk.closeComplaint(
                "CMP-1", outcome: "withdrawn", summary: "withdrawn by the complainant", by: "sec")
            #expect(
                Self.refusal { try desk.closeComplaint("CMP-1", outcome: "withdrawn", summary: "x", by: "sec") }
                    == "complaint.closed")
            _ = try desk.triageComplaint("CMP-2", decision: "no-action", summary: "not about care", by: "sec")
            #expect(
                Self.refusal { try desk.closeComplaint("CMP-2", outcome: "upheld", summary: "x", by: "sec") }
                    == "complaint.outcome")
            _ = try desk.closeComplaint("CMP-2", outcome: "not-substantiated", summary: "outside our remit", by: "sec")
            #expect(try desk.complaints(as: "sec", status: "closed").count == 2)
        }
    }

    @Test func everyVisitRuleHasItsAttack() async throws {
        try await Self.withComplaint { db, desk, time, _ in
            let today = try desk.now()
            func plan(_ kind: VisitPlan.Kind, _ complaints: [String], from: Instant? = nil, to: Instant? = nil)
                -> String?
            {
                Self.refusal {
                    try desk.planVisit(
                        caseID: "C-1", kind: kind, notBefore: from ?? today, notAfter: to ?? today.adding(days: 7),
                        complaints: complaints, note: nil, by: "sec")
                }
            }
            #expect(plan(.forCause, ["CMP-1"]) == "visit.complaints")  // not triaged for a visit
            #expect(plan(.forCause, []) == "visit.complaints")
            _ = try desk.triageComplaint("CMP-1", decision: "for-cause-visit", summary: "medicines", by: "sec")
            #expect(plan(.unannounced, ["CMP-1"]) == "visit.complaints")
            #expect(plan(.forCause, ["CMP-1", "CMP-1"]) == "visit.complaints")
            #expect(
                plan(.forCause, ["CMP-1"], from: today.adding(days: -9), to: today.adding(days: -2)) == "visit.window")
            #expect(
                plan(.forCause, ["CMP-1"], from: today.adding(days: 9), to: today.adding(days: 2)) == "visit.window")
            #expect(plan(.forCause, ["CMP-1"]) == nil)
            #expect(plan(.forCause, ["CMP-1"]) == "visit.complaints")  // already on V-1
            // A complaint about another organisation does not justify visiting this one.
            let other = try desk.receiveComplaint(
                ComplaintIntake(
                    organisation: "hillside", source: .other, complainant: nil, contact: nil, body: "about Hillside",
                    receivedBy: nil), by: "sec")
            _ = try desk.triageComplaint(other.reference, decision: "for-cause-visit", summary: "x", by: "sec")
            #expect(plan(.forCause, [other.reference]) == "visit.complaints")
            #expect(plan(.unannounced, []) == nil)

            // The event cannot claim another plan's details, another case's plan, or a cancelled one.
            #expect(
                Self.refusal {
                    try desk.fire(
                        "C-1", event: "visit.hold", data: ["visit": "V-1", "kind": "unannounced", "report": "r"],
                        by: "alice", at: time)
                } == "visit.not-planned")
            #expect(
                Self.refusal {
                    try desk.fire(
                        "C-1", event: "visit.hold", data: ["visit": "V-99", "report": "r"], by: "alice", at: time)
                } == "visit.not-planned")
            #expect(
                Self.refusal {
                    try desk.fire("C-1", event: "visit.hold", data: ["visit": "V-2"], by: "alice", at: time)
                } == "visit.report")
            #expect(
                Self.refusal {
                    try desk.fire(
                        "C-1", event: "visit.hold", data: ["visit": "V-2", "report": "r"], by: "carl", at: time)
                } == "access.not-assigned")
            _ = try desk.cancelVisit("V-2", reason: "staff shortage", by: "sec")
            #expect(Self.refusal { try desk.cancelVisit("V-2", reason: "again", by: "sec") } == "visit.not-planned")
            #expect(Self.refusal { try desk.holdVisit("V-2", report: "r", by: "alice") } == "visit.not-planned")
            try desk.holdVisit("V-1", report: "observed", by: "lee")
            #expect(Self.refusal { try desk.cancelVisit("V-1", reason: "late", by: "sec") } == "visit.not-planned")

            // Outside an award there is nothing to visit.
            _ = try CaseDeskTests.toEvidence(desk, "C-2")
            #expect(
                Self.refusal {
                    try desk.planVisit(
                        caseID: "C-2", kind: .unannounced, notBefore: today, notAfter: today, complaints: [],
                        note: nil, by: "sec")
                } == "visit.not-offered")

            // The store keeps complaints and plans: nothing but an erasure changes them, even past the desk.
            for sql in [
                "DELETE FROM complaints", "UPDATE complaints SET organisation_id = 'hillside'",
                "UPDATE complaints SET body = 'rewritten'", "DELETE FROM complaint_steps", "DELETE FROM visit_plans",
                "UPDATE visit_steps SET step = 'cancelled'", "TRUNCATE visit_steps",
            ] {
                #expect(throws: PostgresError.self) { try db.execute(sql) }
            }
        }
    }

    /// The attack review's findings (session 13): one spelling per reference, a conflicted administrator neither
    /// cancels, erases nor reads, an imported history cannot claim a held visit, a plan is held within its window
    /// (and its write-up time) only, and a suspended award's visit raises what it finds.
    @Test func plansAndComplaintsResistTheReviewsAttacks() async throws {
        try await Self.withComplaint { _, desk, time, _ in
            _ = try desk.triageComplaint("CMP-1", decision: "for-cause-visit", summary: "medicines", by: "sec")
            #expect(Self.refusal { try desk.complaint("CMP-01", as: "sec") } == "store.not-found")
            let today = try desk.now()
            #expect(
                Self.refusal {
                    try desk.planVisit(
                        caseID: "C-1", kind: .forCause, notBefore: today, notAfter: today,
                        complaints: ["CMP-1", "CMP-01"], note: nil, by: "sec")
                } == "store.not-found")
            let plan = try desk.planVisit(
                caseID: "C-1", kind: .forCause, notBefore: today.adding(days: 2), notAfter: today.adding(days: 9),
                complaints: ["CMP-1"], note: nil, by: "sec")
            #expect(Self.refusal { try desk.holdVisit("V-01", report: "r", by: "lee") } == "store.not-found")
            #expect(
                Self.refusal {
                    try desk.fire(
                        "C-1", event: "visit.hold", data: ["visit": "V-01", "report": "r"], by: "lee", at: time)
                } == "visit.unknown")
            // Not before its window; and not once its window and the write-up time are past.
            #expect(Self.refusal { try desk.holdVisit(plan.reference, report: "r", by: "lee") } == "visit.window")
            try desk.travel(to: today.adding(days: 9 + CaseDesk.reportingDays + 1))
            #expect(Self.refusal { try desk.holdVisit(plan.reference, report: "r", by: "lee") } == "visit.window")
            // The stale plan no longer holds its complaint: a new one can be planned, and the stale one cancelled.
            let now = try desk.now()
            let again = try desk.planVisit(
                caseID: "C-1", kind: .forCause, notBefore: now, notAfter: now, complaints: ["CMP-1"], note: nil,
                by: "sec")

            // A secretariat member with a conflict of interest with the organisation.
            try desk.directory.add(
                Actor(id: "sol", name: "sol", roles: ["secretariat"], organisation: nil, databaseLogin: nil))
            try desk.directory.declare(
                ConflictDeclaration(
                    actor: "sol", organisation: "riverside", from: now.adding(years: -1), until: nil,
                    reason: "sits on its board"))
            let conflicted = "impartiality.conflict-of-interest"
            #expect(Self.refusal { try desk.cancelVisit(again.reference, reason: "x", by: "sol") } == conflicted)
            #expect(Self.refusal { try desk.eraseComplaint("CMP-1", by: "sol") } == conflicted)
            #expect(Self.refusal { try desk.complaint("CMP-1", as: "sol") } == conflicted)
            #expect(Self.refusal { try desk.visitPlan(again.reference, as: "sol") } == conflicted)
            #expect(try desk.complaints(as: "sol").isEmpty && desk.visitPlans(as: "sol").isEmpty)
            #expect(try desk.visitPlans(of: "C-1", as: "sol").isEmpty)
            #expect(try desk.complaints(as: "sec").count == 1)
            // Through the events route too: nothing of a plan is read for a conflicted sender, nor a plan told apart.
            for visit in [again.reference, "V-99"] {
                #expect(
                    Self.refusal {
                        try desk.fire(
                            "C-1", event: "visit.hold", data: ["visit": .string(visit), "report": "r"], by: "sol")
                    } == conflicted)
            }
            try desk.holdVisit(again.reference, report: "seen", by: "lee")
            _ = try desk.cancelVisit(plan.reference, reason: "overtaken by the later visit", by: "sec")

            // A suspended award: the visit raises what it finds.
            try desk.fire("C-1", event: "case.suspend", by: "sec", at: try desk.now())
            let finding: Value = ["criterion": "SL-1.1", "severity": "minor", "statement": "unrecorded falls"]
            try desk.fire("C-1", event: "finding.raise", data: finding, by: "lee", at: try desk.now())

            // An earlier system's history cannot claim a held visit.
            let opened = try desk.now().adding(years: -1)
            let refused = try #require(throws: CaseRefusal.self) {
                try desk.importCase(
                    "C-OLD", organisation: "riverside", workflow: DeskFixtures.workflow,
                    framework: DeskFixtures.framework, openedAt: opened,
                    events: [
                        ImportedEvent(name: "application.submit", actor: "ann", occurredAt: opened.adding(days: 1)),
                        ImportedEvent(
                            name: "visit.hold", actor: "lee", occurredAt: opened.adding(days: 2),
                            data: [
                                "visit": "V-9", "kind": "unannounced", "plannedBy": "sec",
                                "plannedAt": .string(opened.iso8601), "report": "forged",
                            ]),
                    ], by: "sec")
            }
            #expect(refused.rule == "import.visit")
        }
    }

    /// Visitors named by the plan join the team only when the visit is recorded, so that no assignment warns the
    /// organisation; each is checked as an assignment when planned and again when the visit is recorded, and replay
    /// stands behind them.
    @Test func visitorsJoinTheTeamOnlyWhenTheVisitIsHeld() async throws {
        try await Self.withComplaint { db, desk, _, _ in
            for id in ["cora", "cleo"] {
                try desk.directory.add(
                    Actor(id: id, name: id, roles: ["assessor"], organisation: nil, databaseLogin: nil))
            }
            try DeskFixtures.recordCompetences(desk.directory, for: ["cora", "cleo"])
            let today = try desk.now()
            func plan(_ visitors: [String]) throws -> VisitPlan {
                try desk.planVisit(
                    caseID: "C-1", kind: .unannounced, notBefore: today, notAfter: today.adding(days: 7),
                    complaints: [], visitors: visitors, note: nil, by: "sec")
            }
            #expect(Self.refusal { try plan(["dana"]) } == "team.not-evaluator")
            #expect(Self.refusal { try plan(["nobody"]) } == "team.unknown-person")
            #expect(Self.refusal { try plan(["carl", "carl"]) } == "visit.visitors")
            #expect(Self.refusal { try plan(["bad id!"]) } == "visit.visitors")
            try desk.directory.declare(
                ConflictDeclaration(
                    actor: "cleo", organisation: "riverside", from: today.adding(years: -3),
                    until: today.adding(months: -6), reason: "worked there"))
            #expect(Self.refusal { try plan(["cleo"]) } == "team.conflict-of-interest")

            let quiet = try plan([])
            let first = try plan(["carl", "lee"])
            let second = try plan(["cora"])
            // A visitor reads their own plan only, not the case's other plans.
            #expect(try desk.visitPlans(as: "cora").map(\.reference) == [second.reference])
            #expect(Self.refusal { try desk.visitPlan(quiet.reference, as: "cora") } == "access.not-assigned")
            // Nobody adds visitors the plan does not name, and the secretariat records only for outside visitors.
            let forged: Value = ["visit": .string(quiet.reference), "report": "seen", "visitors": ["cora"]]
            #expect(
                Self.refusal { try desk.fire("C-1", event: "visit.hold", data: forged, by: "lee") }
                    == "visit.not-planned")
            #expect(Self.refusal { try desk.holdVisit(quiet.reference, report: "r", by: "sec") } == "visit.holder")
            #expect(Self.refusal { try desk.complaints(as: "sec", status: "lost") } == "complaint.status")
            // Nothing in the case says a visit is coming; the visitor reads the plan, not the case.
            #expect(try desk.load("C-1").state.record.team["carl"] == nil)
            #expect(try !desk.history("C-1", as: "ann").contains { $0.event == "team.assign" && $0.seq > 6 })
            #expect(try desk.visitPlan(first.reference, as: "carl").visitors == ["carl", "lee"])
            #expect(try desk.visitPlans(as: "carl").map(\.reference) == [first.reference])
            #expect(Self.refusal { try desk.view("C-1", as: "carl") } == "access.not-assigned")

            // The secretariat records the visit for its visitors; Carl joins the team and raises a finding.
            let held = try desk.holdVisit(first.reference, report: "Night shift observed", by: "sec", requestID: "h-1")
            #expect(
                try desk.holdVisit(first.reference, report: "Night shift observed", by: "sec", requestID: "h-1")
                    .repeated)
            #expect(held.events.first?.envelope.payload["visitors"] == ["carl", "lee"])
            let record = try desk.load("C-1").state.record
            #expect(record.team["carl"]?.assignedBy == "sec" && record.team["carl"]?.position == .member)
            #expect(record.involvement["carl"] != nil && record.participants.contains("carl"))
            let finding: Value = ["criterion": "SL-1.1", "severity": "minor", "statement": "unrecorded falls"]
            try desk.fire("C-1", event: "finding.raise", data: finding, by: "carl")

            // A visitor who declares a conflict after the plan is refused when the visit is recorded.
            try desk.directory.declare(
                ConflictDeclaration(
                    actor: "cora", organisation: "riverside", from: today, until: nil, reason: "joined its board"))
            #expect(
                Self.refusal { try desk.holdVisit(second.reference, report: "seen", by: "sec") }
                    == "team.conflict-of-interest")
            let audit = try StoreAudit(checks: desk.auditChecks()).run(.cases(["C-1"]))
            #expect(audit.isClean, "\(audit.findings)")

            // An insider past the triggers rewrites the held plan's visitors, or marks another plan held by an event
            // the log does not have: the audit reports both.
            let number = VisitPlan.number(of: first.reference) ?? 0
            let other = VisitPlan.number(of: quiet.reference) ?? 0
            try db.execute("ALTER TABLE visit_plans DISABLE TRIGGER USER")
            try db.execute("UPDATE visit_plans SET visitors = '{cora}' WHERE visit_id = $1", [.int(number)])
            try db.execute("ALTER TABLE visit_plans ENABLE TRIGGER USER")
            try db.execute(
                "INSERT INTO visit_steps (visit_id, step, seq, actor_id) VALUES ($1, 'held', 999, 'sec')", [.int(other)]
            )
            let rewritten = try StoreAudit(checks: desk.auditChecks()).run(.cases(["C-1"])).findings
            let kinds: [String] = rewritten.map(\.kind.rawValue)
            #expect(kinds.filter { $0 == "visit-differs" }.count == 2, "\(rewritten)")
        }
    }

    /// Closing a complaint (and planning a visit for it) checks its plans and writes under the complaint's row lock,
    /// so two administrators cannot plan and close it at one moment: while another session holds the row, the
    /// closure waits (here, past a short lock timeout) and writes nothing.
    @Test func closingWaitsForTheComplaintsLock() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withApplicationRole { db, application in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let complaint = try desk.receiveComplaint(
                    ComplaintIntake(
                        organisation: "riverside", source: .staff, complainant: nil, contact: nil,
                        body: "Rotas are falsified", receivedBy: nil), by: "sec")
                _ = try desk.triageComplaint(complaint.reference, decision: "monitor", summary: "rotas", by: "sec")
                let other = try PostgresConnection(conninfo: application)
                try other.execute("BEGIN")
                _ = try other.query("SELECT complaint_id FROM complaints FOR UPDATE")
                try db.execute("SET lock_timeout = '200ms'")
                #expect(
                    Self.refusal {
                        try desk.closeComplaint(complaint.reference, outcome: "withdrawn", summary: "x", by: "sec")
                    } == "database.timeout")
                #expect(try desk.complaint(complaint.reference, as: "sec").status == "triaged")
                try other.execute("ROLLBACK")
                _ = try desk.closeComplaint(complaint.reference, outcome: "withdrawn", summary: "x", by: "sec")
                #expect(try desk.complaint(complaint.reference, as: "sec").status == "closed")
            }
        }
    }
}

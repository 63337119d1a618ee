import AccreditEngine
import CaseService
import EvidenceStore
import PostgresTestSupport
import ServiceTestSupport
import Statecharts
import Testing

/// Issue #18, item 2, through the desk and the store: assignment checked against the conflict register and
/// competence records, only the team evaluating and (among assessors) reading, a conflict declared in the case
/// entering the register, and replay checking every stored assignment. Each rule has its attack.
struct AssignmentTests {
    /// C-1 opened for riverside and taken to the evidence stage with Lee leading and Alice assessing.
    static func withCase(_ body: (PostgresConnection, CaseDesk, String, Instant) throws -> Void) async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let time = try CaseDeskTests.toEvidence(desk)
                try body(db, desk, dir, time)
            }
        }
    }

    static func assign(_ desk: CaseDesk, _ person: String, at time: Instant, _ extra: [String: Value] = [:])
        throws
    {
        var data: [String: Value] = ["person": .string(person)]
        data.merge(extra) { $1 }
        try desk.fire("C-1", event: "team.assign", data: .object(data), by: "sec", at: time)
    }

    @Test func conflictsAndTheCoolingOffAreCheckedAtAssignment() async throws {
        try await Self.withCase { _, desk, _, time in
            let now = time
            // Ended 18 months ago: still within two years. Ended 25 months ago: free.
            try desk.directory.add(
                Actor(id: "cara", name: "Cara", roles: ["assessor"], organisation: nil, databaseLogin: nil))
            try desk.directory.add(
                Actor(id: "dev", name: "Dev", roles: ["assessor"], organisation: nil, databaseLogin: nil))
            try DeskFixtures.recordCompetences(desk.directory, for: ["cara", "dev"])
            try desk.directory.declare(
                ConflictDeclaration(
                    actor: "cara", organisation: "riverside", from: now.adding(years: -4),
                    until: now.adding(months: -18), reason: "consulted for the trust"))
            try desk.directory.declare(
                ConflictDeclaration(
                    actor: "dev", organisation: "riverside", from: now.adding(years: -5),
                    until: now.adding(months: -25), reason: "worked there"))
            let refused = try #require(throws: CaseRefusal.self) { try Self.assign(desk, "cara", at: now) }
            #expect(refused.rule == "team.conflict-of-interest")
            #expect(refused.message.contains("consulted for the trust"))
            try Self.assign(desk, "dev", at: now)
            #expect(try desk.load("C-1").state.record.team.keys.sorted() == ["alice", "dev", "lee"])
            // Carl's conflict is declared after the case opened: he cannot be assigned either.
            try desk.directory.declare(
                ConflictDeclaration(actor: "carl", organisation: "riverside", from: now, until: nil, reason: "new post")
            )
            #expect(throws: CaseRefusal.self) { try Self.assign(desk, "carl", at: now) }
        }
    }

    @Test func competenceIsCheckedAtAssignment() async throws {
        try await Self.withCase { db, desk, _, time in
            for (id, roles) in [("nia", ["assessor"]), ("pat", ["assessor"]), ("dan", ["decision-maker"])] {
                try desk.directory.add(
                    Actor(id: id, name: id, roles: Set(roles), organisation: nil, databaseLogin: nil))
            }
            func rule(_ person: String, _ extra: [String: Value] = [:]) -> String? {
                do {
                    try Self.assign(desk, person, at: time, extra)
                    return nil
                } catch let refusal as CaseRefusal {
                    return refusal.rule
                } catch {
                    return "\(error)"
                }
            }
            #expect(rule("nia") == "team.competence")
            #expect(rule("ghost") == "team.unknown-person")
            #expect(rule("dan") == "team.not-evaluator")
            #expect(rule("ann") == "team.conflict-of-interest")
            #expect(rule("hal") == "team.not-evaluator")
            // Nia's training covers two foundations and lapsed last year; Pat's covers SL and is current.
            try desk.directory.record(
                Competence(
                    actor: "nia", framework: "patient-safety-standards", foundations: [],
                    trainedOn: time.adding(years: -4), validUntil: time.adding(years: -1), recordedBy: "sec"))
            try desk.directory.record(
                Competence(
                    actor: "pat", framework: "patient-safety-standards", foundations: ["SL"],
                    trainedOn: time.adding(years: -1), validUntil: time.adding(years: 2), recordedBy: "sec"))
            #expect(rule("nia") == "team.competence")
            #expect(rule("pat") == "team.competence")
            #expect(rule("pat", ["foundations": ["SL", "LD"]]) == "team.competence")
            #expect(rule("pat", ["foundations": ["SL"]]) == nil)
            // A requalification is a new record.
            try desk.directory.record(
                Competence(
                    actor: "nia", framework: "patient-safety-standards", foundations: [], trainedOn: time,
                    validUntil: time.adding(years: 3), recordedBy: "sec", note: "requalified"))
            #expect(rule("nia") == nil)
            #expect(try desk.competences(as: "sec", of: "nia").count == 2)
            #expect(throws: CaseRefusal.self) { try desk.competences(as: "ann") }
            #expect(throws: CaseRefusal.self) {
                try desk.recordCompetence(
                    Competence(
                        actor: "alice", framework: "patient-safety-standards", foundations: [], trainedOn: time,
                        validUntil: time, recordedBy: "alice"), by: "alice")
            }
            // The records cannot be rewritten.
            #expect(throws: (any Error).self) { try db.execute("DELETE FROM competences") }
        }
    }

    /// The attack: an applicant (or an assessor) sends an assignment to learn whether someone is conflicted. The
    /// workflow's roles refuse before the directory is read.
    @Test func nobodyLearnsAboutAPersonByAttemptingAnAssignment() async throws {
        try await Self.withCase { _, desk, _, time in
            try desk.directory.declare(
                ConflictDeclaration(
                    actor: "carl", organisation: "riverside", from: time.adding(years: -1), until: nil,
                    reason: "secret reason"))
            for sender in ["ann", "alice"] {
                let refused = try #require(throws: CaseRefusal.self) {
                    try desk.fire("C-1", event: "team.assign", data: ["person": "carl"], by: sender, at: time)
                }
                #expect(refused.rule == "workflow.role-not-allowed")
                #expect(!refused.message.contains("secret reason"))
            }
        }
    }

    @Test func onlyTheTeamEvaluatesAndAmongAssessorsOnlyTheTeamReads() async throws {
        try await Self.withCase { _, desk, dir, time in
            // Every criterion evidenced and submitted: the case is at the desk review.
            for criterion in try desk.load("C-1").definitions.machine.framework.criteria {
                try TestFiles.write(Array("Evidence for \(criterion.id)\n".utf8), to: dir + "/\(criterion.id).txt")
                try desk.uploadEvidence(
                    "C-1", file: dir + "/\(criterion.id).txt", criterion: criterion.id, by: "ann", at: time)
            }
            try desk.completeSubmission("C-1", file: dir + "/SL-1.1.txt", at: time)
            try desk.fire("C-1", event: "evidence.submit", by: "ann", at: time)
            // Carl is trained and conflict-free, but not assigned.
            let notAssigned = try #require(throws: CaseRefusal.self) {
                try desk.reviewEvidence("C-1", evidence: "E-1", accept: true, reason: nil, by: "carl", at: time)
            }
            #expect(notAssigned.rule == "access.not-assigned")
            #expect(throws: CaseRefusal.self) { try desk.view("C-1", as: "carl") }
            #expect(throws: CaseRefusal.self) { try desk.evidence(of: "C-1", for: "carl") }
            #expect(throws: CaseRefusal.self) { try desk.requireRead(of: "C-1", by: "carl") }
            #expect(try desk.cases(as: "carl").isEmpty)
            // The team, the secretariat, deciders and auditors read it.
            for reader in ["alice", "lee", "sec", "dana", "aud"] {
                #expect(try desk.view("C-1", as: reader).head.caseID == "C-1")
                #expect(try desk.cases(as: reader).map(\.caseID) == ["C-1"])
            }
            try desk.reviewEvidence("C-1", evidence: "E-1", accept: true, reason: nil, by: "alice", at: time)
            // Released, Alice can neither act nor read.
            try desk.fire(
                "C-1", event: "team.release", data: ["person": "alice", "reason": "reassigned"], by: "sec", at: time)
            #expect(throws: CaseRefusal.self) { try desk.view("C-1", as: "alice") }
            #expect(try desk.cases(as: "alice").isEmpty)
        }
    }

    @Test func aConflictDeclaredInTheCaseEntersTheRegisterAndUnassigns() async throws {
        try await Self.withCase { db, desk, _, time in
            let later = time.adding(microseconds: 3_600_000_000)
            try desk.fire(
                "C-1", event: "conflict.declare", data: ["reason": "My sister is the trust's medical director"],
                by: "alice", at: later)
            let register = try desk.directory.conflicts(organisation: "riverside").filter { $0.actor == "alice" }
            #expect(register.count == 1)
            #expect(register.first?.reason == "My sister is the trust's medical director")
            #expect(register.first?.until == nil)
            #expect(register.first?.declaredAt == later)
            #expect(register.first?.declaredIn == "C-1")
            #expect(try desk.load("C-1").state.record.team["alice"] == nil)
            // She can no longer be assigned to the case, and replay of everything she did earlier stays clean.
            let again = try #require(throws: CaseRefusal.self) { try Self.assign(desk, "alice", at: later) }
            #expect(again.rule == "team.conflict-of-interest")
            #expect(try InsiderReplayAttackTests.replayFindings(db, desk).isEmpty)
            // Alice, off the team, sees the case no more; a decision maker (who reads every case) may declare twice
            // the same day, and the first register entry is kept.
            let gone = try #require(throws: CaseRefusal.self) {
                try desk.fire("C-1", event: "conflict.declare", by: "alice", at: later)
            }
            #expect(gone.rule == "access.not-assigned")
            try desk.fire("C-1", event: "conflict.declare", data: ["reason": "first"], by: "dana", at: later)
            try desk.fire("C-1", event: "conflict.declare", data: ["reason": "again"], by: "dana", at: later)
            #expect(
                try desk.directory.conflicts(organisation: "riverside").filter { $0.actor == "dana" }.map(\.reason)
                    == ["first"])
        }
    }

    /// The attacks of an assessor who is not on the team: every route that sends an event, by its name or its
    /// action, with a pinned version or a reused request id, answers as for a case that does not exist, before any
    /// rule that would tell them its state; and a team member whose conflict is recorded later stops reading.
    @Test func anUnassignedAssessorLearnsNothingOfTheCase() async throws {
        try await Self.withCase { _, desk, _, time in
            let attempts: [(String, () throws -> Void)] = [
                (
                    "bare accept",
                    { try desk.fire("C-1", event: "evidence.accept", data: ["evidence": "E-1"], by: "carl", at: time) }
                ),
                ("declaration", { try desk.fire("C-1", event: "conflict.declare", by: "carl", at: time) }),
                ("pinned version", { try desk.fire("C-1", event: "review.complete", by: "carl", expectedVersion: 1) }),
                ("reused request", { try desk.fire("C-1", event: "application.submit", by: "carl", requestID: "r-1") }),
                (
                    "rating",
                    {
                        try desk.fire(
                            "C-1", event: "review.rate", data: ["criterion": "SL-1.1", "rating": "met"], by: "carl",
                            at: time)
                    }
                ),
            ]
            for (what, attempt) in attempts {
                let refused = try #require(throws: CaseRefusal.self, "\(what)") { try attempt() }
                #expect(refused.rule == "access.not-assigned", "\(what): \(refused)")
                #expect(!refused.message.contains("evidence-open"), "\(what) names the case's state")
            }
            #expect(try desk.directory.conflicts(organisation: "riverside").isEmpty)
            // Alice, on the team, stops reading once a conflict with the organisation is recorded in the register.
            #expect(try desk.view("C-1", as: "alice").head.caseID == "C-1")
            try desk.directory.declare(
                ConflictDeclaration(actor: "alice", organisation: "riverside", from: time, until: nil, reason: "joined")
            )
            #expect(throws: CaseRefusal.self) { try desk.view("C-1", as: "alice") }
            #expect(try desk.cases(as: "alice").isEmpty)
        }
    }

    @Test func reasonsAndTrainingStayWithTheStaff() async throws {
        try await Self.withCase { _, desk, _, time in
            try desk.fire(
                "C-1", event: "team.release", data: ["person": "alice", "reason": "Under investigation"], by: "sec",
                at: time)
            let seen = try desk.history("C-1", as: "ann").map { CanonicalJSON.encode($0.data) + $0.summary }
            #expect(!seen.contains { $0.contains("Under investigation") })
            #expect(try desk.history("C-1", as: "sec").contains { $0.summary.contains("Under investigation") })
            // Training records: administrators and auditors read every one, an assessor only their own.
            #expect(Set(try desk.competences(as: "sec").map(\.actor)) == ["alice", "carl", "lee"])
            #expect(Set(try desk.competences(as: "aud").map(\.actor)) == ["alice", "carl", "lee"])
            #expect(try desk.competences(as: "carl").map(\.actor) == ["carl"])
            #expect(try desk.competences(as: "carl", of: "lee").isEmpty)
            // A hostile person id is the case rules' to refuse, before anything is looked up.
            for person in ["bob\u{0}", "x\u{1f}alice", String(repeating: "a", count: 10_000)] {
                let refused = try #require(throws: CaseRefusal.self) { try Self.assign(desk, person, at: time) }
                #expect(refused.rule == "team.person")
            }
            let control = try #require(throws: CaseRefusal.self) {
                try desk.fire("C-1", event: "conflict.declare", data: ["reason": "a\u{0}b"], by: "lee", at: time)
            }
            #expect(control.rule == "conflict.reason")
        }
    }

    /// An imported history's conflict declarations enter the register with the case, and count for the rest of
    /// the history: the declarer cannot be assigned again in it.
    @Test func anImportedDeclarationEntersTheRegister() async throws {
        try await TestFiles.withTemporaryDirectory { dir in
            try await TestDatabase.withMigratedConnection { db in
                let desk = try DeskFixtures.desk(db, blobs: dir + "/blobs")
                let opened = try desk.now().adding(years: -1)
                func at(_ days: Int64) -> Instant { opened.adding(days: days) }
                let history = [
                    ImportedEvent(name: "application.submit", actor: "ann", occurredAt: at(1)),
                    ImportedEvent(name: "application.accept", actor: "sec", occurredAt: at(2)),
                    ImportedEvent(
                        name: "team.assign", actor: "sec", occurredAt: at(3), data: ["person": "alice"]),
                    ImportedEvent(
                        name: "conflict.declare", actor: "alice", occurredAt: at(4), data: ["reason": "cousin"]),
                ]
                func attempt(_ caseID: String, _ events: [ImportedEvent]) throws {
                    try desk.importCase(
                        caseID, organisation: "riverside", workflow: DeskFixtures.workflow,
                        framework: DeskFixtures.framework, openedAt: opened, events: events, by: "sec")
                }
                let again =
                    history + [
                        ImportedEvent(name: "team.assign", actor: "sec", occurredAt: at(5), data: ["person": "alice"])
                    ]
                let refused = try #require(throws: CaseRefusal.self) { try attempt("C-OLD", again) }
                #expect(refused.rule == "team.conflict-of-interest")
                #expect(try desk.directory.conflicts(organisation: "riverside").isEmpty)
                try attempt("C-OLD", history)
                let register = try desk.directory.conflicts(organisation: "riverside")
                #expect(register.map(\.actor) == ["alice"] && register.first?.declaredIn == "C-OLD")
                #expect(register.first?.reason == "cousin")
            }
        }
    }

    /// The insider's attacks: an assignment of a conflicted person, or a rating by someone never assigned, appended
    /// past the desk and re-hashed, are reported by replay with their rules.
    @Test func replayReportsAssignmentsAndEvaluationsTheRulesWouldHaveRefused() async throws {
        try await Self.withCase { db, desk, _, time in
            try desk.fire(
                "C-1", event: "team.release", data: ["person": "alice", "reason": "leave"], by: "sec", at: time)
            try desk.directory.declare(
                ConflictDeclaration(
                    actor: "carl", organisation: "riverside", from: time.adding(years: -1), until: nil,
                    reason: "board member"))
            #expect(try InsiderReplayAttackTests.replayFindings(db, desk).isEmpty)
            let release = try desk.load("C-1").head.version
            try Insider(db).rewrite("C-1", from: release) { envelope in
                if envelope.seq == release {
                    envelope.type = "team.assign"
                    envelope.payload = ["person": "carl"]
                }
            }
            #expect(
                try InsiderReplayAttackTests.replayFindings(db, desk).map {
                    $0.split(separator: " ").prefix(4).joined(separator: " ")
                } == ["C-1 \(release) actor-not-allowed team.conflict-of-interest"])
        }
    }
}

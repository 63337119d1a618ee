import AccreditEngine
import Statecharts
import Testing
import Workflows

/// Issue #18, item 2, in the pure case machine: assignments and releases are facts of the case, an assigned
/// assessor evaluates only their foundations, a conflict declared in the case takes the declarer off the team, and
/// the rules about who may be assigned (``CaseAccess``) are pure functions of the directory's records.
struct TeamTests {
    static let secretariat: Set<String> = ["secretariat"]

    /// A case at the evidence stage with Lee assigned to lead and every criterion evidenced, at the desk review.
    static func atDeskReview() throws -> CaseMachineTests.Run {
        var run = try CaseMachineTests.Run(try CaseMachineTests.machine())
        run.toDeskReview()
        return run
    }

    @Test func assignmentsAreCheckedAndRecorded() throws {
        var run = try CaseMachineTests.Run(try CaseMachineTests.machine())
        run.send("application.submit", by: "ann", ["applicant"])
        run.send("application.accept", by: "sec", Self.secretariat)
        func assign(_ data: Value) -> String? { run.send("team.assign", by: "sec", Self.secretariat, data)?.rule }
        #expect(assign(["position": "lead"]) == "team.person")
        #expect(assign(["person": "-lee"]) == "team.person")
        #expect(assign(["person": "lee", "position": "chief"]) == "team.position")
        #expect(assign(["person": "lee", "foundations": ["XX"]]) == "team.unknown-foundation")
        #expect(assign(["person": "lee", "foundations": []]) == "team.unknown-foundation")
        #expect(assign(["person": "lee", "foundations": ["SL", "SL"]]) == "team.unknown-foundation")
        // Only the secretariat assigns, before anything about the data is read.
        #expect(
            run.send("team.assign", by: "ann", ["applicant"], ["person": "lee"])?.rule == "workflow.role-not-allowed")
        #expect(assign(["person": "lee", "position": "lead"]) == nil)
        #expect(assign(["person": "lee"]) == "team.already-assigned")
        #expect(assign(["person": "alice", "position": "lead"]) == "team.lead-taken")
        #expect(assign(["person": "bob", "foundations": ["SL", "LD"]]) == nil)
        let team = run.state.record.teamInOrder
        #expect(team.map(\.person) == ["lee", "bob"])
        #expect(team[0].position == .lead && team[0].foundations == nil && team[0].assignedBy == "sec")
        #expect(team[1].position == .member && team[1].foundations == ["SL", "LD"])
        // Releasing needs someone on the team and a reason.
        func release(_ data: Value) -> String? { run.send("team.release", by: "sec", Self.secretariat, data)?.rule }
        #expect(release(["person": "alice", "reason": "x"]) == "team.not-assigned")
        #expect(release(["person": "bob"]) == "team.reason")
        #expect(release(["person": "bob", "reason": "  "]) == "team.reason")
        #expect(release(["person": "bob", "reason": "On leave"]) == nil)
        #expect(run.state.record.team.keys.sorted() == ["lee"])
        // The replayed log gives the same team.
        var replayed = run.machine.open(caseID: "C-1", at: try #require(Instant(iso8601: "2026-01-05T09:00:00Z")))
        for envelope in run.log { _ = try run.machine.fold(envelope, into: &replayed).get() }
        #expect(replayed.record.team == run.state.record.team)
    }

    @Test func impartialityIsConfirmedOnlyWithALead() throws {
        var run = try CaseMachineTests.Run(try CaseMachineTests.machine())
        run.send("application.submit", by: "ann", ["applicant"])
        run.send("application.accept", by: "sec", Self.secretariat)
        run.send("team.assign", by: "sec", Self.secretariat, ["person": "alice"])
        #expect(run.send("impartiality.confirm", by: "sec", Self.secretariat)?.rule == "workflow.guard-failed")
        run.send("team.assign", by: "sec", Self.secretariat, ["person": "lee", "position": "lead"])
        #expect(run.send("impartiality.confirm", by: "sec", Self.secretariat) == nil)
    }

    @Test func anAssessorEvaluatesOnlyTheFoundationsTheyWereAssigned() throws {
        var run = try Self.atDeskReview()
        run.send("team.assign", by: "sec", Self.secretariat, ["person": "bob", "foundations": ["SL"]])
        let outside = run.send("review.rate", by: "bob", ["assessor"], ["criterion": "LD-1.1", "rating": "met"])
        #expect(outside?.rule == "team.outside-assignment")
        #expect(outside?.message.contains("assigned to assess SL in this case, not LD (LD-1.1)") == true)
        #expect(run.send("review.rate", by: "bob", ["assessor"], ["criterion": "SL-1.1", "rating": "met"]) == nil)
        let finding: Value = ["criterion": "CU-3.1", "severity": "minor", "statement": "No survey"]
        #expect(run.sendCompleted("finding.raise", by: "bob", ["assessor"], finding)?.rule == "team.outside-assignment")
        // Reviewing evidence and verifying findings follow the criterion too.
        let evidence = try #require(run.state.record.evidence.first { $0.value.criterion == "LD-1.1" }?.key)
        #expect(
            run.send("evidence.accept", by: "bob", ["assessor"], ["evidence": .string(evidence)])?.rule
                == "team.outside-assignment")
        // Lee, assigned every foundation, rates anything.
        #expect(run.send("review.rate", by: "lee", ["lead-assessor"], ["criterion": "LD-1.1", "rating": "met"]) == nil)
    }

    @Test func aConflictDeclaredInTheCaseTakesTheDeclarerOffTheTeam() throws {
        var run = try Self.atDeskReview()
        run.send("team.assign", by: "sec", Self.secretariat, ["person": "alice"])
        #expect(run.state.record.team["alice"] != nil)
        #expect(
            run.send(
                "conflict.declare", by: "alice", ["assessor"], ["reason": .string(String(repeating: "x", count: 2001))])?
                .rule == "conflict.reason")
        #expect(run.send("conflict.declare", by: "alice", ["assessor"], ["reason": "My sister works there"]) == nil)
        #expect(run.state.record.team["alice"] == nil)
        #expect(run.state.record.team["lee"] != nil)
    }

    @Test func guardsCountTheTeam() throws {
        let framework = try CaseMachineTests.machine().framework
        let now = try #require(Instant(iso8601: "2026-01-05T09:00:00Z"))
        let lead = CaseTeamMember(person: "lee", position: .lead, foundations: nil, assignedBy: "sec", assignedAt: now)
        let member = CaseTeamMember(
            person: "bob", position: .member, foundations: ["SL"], assignedBy: "sec", assignedAt: now)
        let facts = CaseFacts(framework: framework, team: ["lee": lead, "bob": member], now: now)
        #expect(try facts.call("assigned", []) == .integer(2))
        #expect(try facts.call("assigned", [.string("lead")]) == .integer(1))
        #expect(try facts.call("assigned", [.string("member")]) == .integer(1))
        #expect(throws: ExpressionError.self) { try facts.call("assigned", [.string("chief")]) }
    }

    @Test func theTeamSurvivesASnapshot() throws {
        // (At the evidence stage, before any evidence or self-assessment, which need format 8.)
        var run = try CaseMachineTests.Run(try CaseMachineTests.machine())
        run.send("application.submit", by: "ann", ["applicant"])
        for event in ["application.accept", "eligibility.confirm"] { run.send(event, by: "sec", Self.secretariat) }
        run.send("team.assign", by: "sec", Self.secretariat, ["person": "lee", "position": "lead"])
        run.send("impartiality.confirm", by: "sec", Self.secretariat)
        #expect(run.state.status == "evidence-open")
        let encoded = run.machine.encode(run.state)
        #expect(encoded["format"] == 4)
        let decoded = try #require(run.machine.decode(encoded))
        #expect(decoded.record.team == run.state.record.team)
        #expect(decoded.record.participants.isSuperset(of: run.state.record.team.keys))
        #expect(decoded.record == run.state.record)
        // A state as builds before format 4 stored it is never loaded: it does not say who took part.
        let legacy = try #require(run.machine.legacyEncoding(run.state))
        #expect(legacy["format"] == 3 && legacy["participants"] == nil)
        #expect(run.machine.decode(legacy) == nil)
        #expect(decoded.record.team["lee"]?.position == .lead)
    }

    /// The directory's side: who may be assigned, live and on replay.
    @Test func whoMayBeAssigned() throws {
        let machine = try CaseMachineTests.machine()
        let kinds = machine.roleKinds
        let day: Int64 = 86_400_000_000
        let now = try #require(Instant(iso8601: "2026-06-01T12:00:00Z"))
        let trained = CompetencePeriod(
            framework: "patient-safety-standards", foundations: ["SL", "LD"], trainedOn: now.adding(years: -1),
            validUntil: now.adding(years: 1))
        func person(
            roles: Set<String> = ["assessor"], organisation: String? = nil, conflicts: [ConflictPeriod] = [],
            competences: [CompetencePeriod]
        ) -> StoredSender {
            .person(
                SenderRecord(
                    id: "bob", roles: roles, organisation: organisation, conflicts: ["riverside": conflicts],
                    competences: competences))
        }
        func rule(
            _ assignee: StoredSender, foundations: [String] = ["SL"], at time: Instant? = nil,
            mode: CaseAccess.ConflictMode = .live
        ) -> String? {
            CaseAccess.assignmentRefusal(
                assignee, assigning: "bob", foundations: foundations, in: "patient-safety-standards",
                organisation: "riverside", at: time ?? now, mode: mode, kinds: kinds)?.rule
        }
        #expect(rule(person(competences: [trained])) == nil)
        #expect(rule(.unknown) == "team.unknown-person")
        #expect(rule(person(roles: ["decision-maker"], competences: [trained])) == "team.not-evaluator")
        #expect(
            rule(person(roles: ["applicant", "assessor"], organisation: "hillside", competences: [trained]))
                == "team.not-evaluator")
        #expect(rule(person(organisation: "riverside", competences: [trained])) == "team.conflict-of-interest")
        // Competence: the framework, the foundations asked for, and the dates (the last day counts whole).
        #expect(rule(person(competences: [trained]), foundations: ["SL", "PE"]) == "team.competence")
        #expect(rule(person(competences: [])) == "team.competence")
        var other = trained
        other.framework = "care-home-standards"
        #expect(rule(person(competences: [other])) == "team.competence")
        #expect(rule(person(competences: [trained]), at: now.adding(years: -2)) == "team.competence")
        var lapsing = trained
        lapsing.validUntil = Instant(microsecondsSinceEpoch: now.microsecondsSinceEpoch / day * day)
        #expect(rule(person(competences: [lapsing])) == nil)
        #expect(rule(person(competences: [lapsing]), at: now.adding(days: 1)) == "team.competence")
        // Two current records together cover what neither covers alone.
        var culture = trained
        culture.foundations = ["CU"]
        #expect(rule(person(competences: [trained, culture]), foundations: ["SL", "CU"]) == nil)
        var everything = trained
        everything.foundations = []
        #expect(rule(person(competences: [everything]), foundations: ["SL", "PE", "CU"]) == nil)
        // Conflicts: current, ended within two years, or starting later (live) refuse; ended long ago does not.
        let current = ConflictPeriod(from: now.adding(years: -3), until: nil, reason: "board member")
        let recent = ConflictPeriod(from: now.adding(years: -3), until: now.adding(months: -18), reason: "consulted")
        let old = ConflictPeriod(from: now.adding(years: -6), until: now.adding(months: -25), reason: "consulted")
        let later = ConflictPeriod(from: now.adding(days: 30), until: nil, reason: "joining the board")
        #expect(rule(person(conflicts: [current], competences: [trained])) == "team.conflict-of-interest")
        #expect(rule(person(conflicts: [recent], competences: [trained])) == "team.conflict-of-interest")
        #expect(rule(person(conflicts: [old], competences: [trained])) == nil)
        #expect(rule(person(conflicts: [later], competences: [trained])) == "team.conflict-of-interest")
        #expect(rule(person(conflicts: [later], competences: [trained]), mode: .replay) == nil)
    }

    @Test func onlyTheTeamEvaluatesAndAmongAssessorsOnlyTheTeamReads() {
        let lead = CaseTeamMember(
            person: "lee", position: .lead, foundations: nil, assignedBy: "sec", assignedAt: .epoch)
        let team = ["lee": lead]
        func refusal(_ actor: String, _ kinds: Set<RoleKind>, _ action: TransitionAction?) -> String? {
            CaseAccess.teamRefusal(actor: actor, kinds: kinds, action: action, team: team)?.rule
        }
        #expect(refusal("alice", [.evaluator], .rate) == "access.not-assigned")
        #expect(refusal("alice", [.evaluator, .decider], .evaluate) == "access.not-assigned")
        #expect(refusal("lee", [.evaluator], .rate) == nil)
        #expect(refusal("alice", [.evaluator], .decide) == nil)
        #expect(refusal("alice", [.evaluator], .declareConflict) == nil)
        #expect(refusal("sam", [.administrator, .evaluator], .evaluate) == nil)
        // Someone else is refused by the workflow's roles, not by this rule.
        #expect(refusal("ann", [.organisation], .evaluate) == nil)
        func reads(_ kinds: Set<RoleKind>, _ organisation: String?, assigned: Bool?) -> Bool {
            CaseAccess.mayRead(
                kinds: kinds, actorOrganisation: organisation, organisation: "riverside", assigned: assigned)
        }
        #expect(reads([.organisation], "riverside", assigned: false))
        #expect(!reads([.organisation], "hillside", assigned: false))
        #expect(reads([.administrator], nil, assigned: false))
        #expect(reads([.decider], nil, assigned: false))
        #expect(reads([.auditor], nil, assigned: nil))
        #expect(reads([.evaluator], nil, assigned: true))
        #expect(!reads([.evaluator], nil, assigned: false))
        #expect(!reads([.evaluator], nil, assigned: nil))
    }

    @Test func aConflictDeclaredDuringTheDayDoesNotCondemnEarlierActsOnReplay() throws {
        let day = try #require(Instant(iso8601: "2026-06-01T00:00:00Z"))
        let declared = day.adding(microseconds: 11 * 3_600_000_000)
        let sameDay = ConflictPeriod(from: day, until: nil, reason: "in case", declaredAt: declared)
        #expect(!sameDay.bars(at: day.adding(microseconds: 10 * 3_600_000_000), mode: .replay))
        #expect(sameDay.bars(at: day.adding(microseconds: 12 * 3_600_000_000), mode: .replay))
        #expect(sameDay.bars(at: day.adding(microseconds: 10 * 3_600_000_000), mode: .live))
        // One recorded in the register (no case) says the conflict existed from its first day.
        let backdated = ConflictPeriod(from: day.adding(years: -1), until: nil, reason: "past")
        #expect(backdated.bars(at: day.adding(months: -6), mode: .replay))
    }
}

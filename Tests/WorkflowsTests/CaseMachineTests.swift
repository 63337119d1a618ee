import AccreditEngine
import Statecharts
import Testing
import Workflows

/// Drives the pure case machine over the shipped workflow and framework: the decision core the CLI calls.
struct CaseMachineTests {
    static func machine() throws -> CaseMachine {
        let document = try SCXMLLoader.load(
            fileAt: FrameworkPaths.definition("workflows/patient-safety-accreditation.scxml"))
        let framework = try FrameworkReader.loadFramework(
            fileAt: FrameworkPaths.definition("frameworks/patient-safety-standards-v1.xml")
        ).framework
        return try CaseMachine(document: document, framework: framework)
    }

    /// A case being driven, with every accepted command recorded as the envelope the store would keep.
    struct Run {
        let machine: CaseMachine
        var state: CaseState
        var clock: Instant
        var log: [EventEnvelope] = []

        init(_ machine: CaseMachine) throws {
            self.machine = machine
            clock = try #require(Instant(iso8601: "2026-01-05T09:00:00Z"))
            state = machine.open(caseID: "C-1", at: clock)
        }

        @discardableResult
        mutating func send(_ name: String, by actor: String, _ roles: Set<String>, _ data: Value = .null)
            -> CaseRefusal?
        {
            clock = clock.adding(microseconds: 60_000_000)
            let command = CaseCommand(name: name, data: data, actor: actor, roles: roles, at: clock)
            switch machine.decide(command, state: state) {
            case .failure(let refusal):
                return refusal
            case .success(let (next, _)):
                state = next
                log.append(
                    EventEnvelope(
                        caseID: "C-1", seq: Int64(log.count + 1), type: name, actor: actor, occurredAt: clock,
                        payload: data, definitionHash: "test"))
                return nil
            }
        }
    }

    @Test func aCaseRunsFromApplicationToAwardAndReplaysExactly() throws {
        let machine = try Self.machine()
        var run = try Run(machine)
        #expect(run.send("application.submit", by: "sam", ["assessor"])?.rule == "workflow.role-not-allowed")
        #expect(run.send("application.submit", by: "ann", ["applicant"]) == nil)
        for event in ["application.accept", "eligibility.confirm"] {
            #expect(run.send(event, by: "sec", ["secretariat"]) == nil)
        }
        #expect(run.send("impartiality.confirm", by: "sec", ["secretariat"])?.rule == "workflow.guard-failed")
        #expect(run.send("team.assign", by: "sec", ["secretariat"], ["person": "lee", "position": "lead"]) == nil)
        #expect(run.send("impartiality.confirm", by: "sec", ["secretariat"]) == nil)
        #expect(run.state.status == "evidence-open")
        #expect(run.send("evidence.submit", by: "ann", ["applicant"])?.rule == "workflow.guard-failed")
        #expect(
            run.send("evidence.upload", by: "ann", ["applicant"], ["evidence": "E-0", "criterion": "XX-9"])?.rule
                == "evidence.unknown-criterion")
        for (name, data) in SubmissionFixture.events(machine.framework) {
            #expect(run.send(name, by: "ann", ["applicant"], data) == nil)
        }
        #expect(run.send("evidence.submit", by: "ann", ["applicant"]) == nil)
        #expect(run.send("evidence.accept", by: "alice", ["assessor"], ["evidence": "E-1"]) == nil)
        #expect(
            run.send("evidence.accept", by: "alice", ["assessor"], ["evidence": "E-1"])?.rule == "evidence.reviewed")
        #expect(run.send("evidence.reject", by: "alice", ["assessor"], ["evidence": "E-2"])?.rule == "evidence.reason")
        #expect(
            run.send("review.rate", by: "alice", ["assessor"], ["criterion": "SL-1.1", "rating": "great"])?.rule
                == "review.unknown-rating")
        for criterion in machine.framework.criteria {
            #expect(
                run.send(
                    "review.rate", by: "alice", ["assessor"], ["criterion": .string(criterion.id), "rating": "met"])
                    == nil)
        }
        #expect(run.send("review.complete", by: "alice", ["assessor"]) == nil)
        #expect(run.send("visit.schedule", by: "sec", ["secretariat"]) == nil)
        #expect(run.send("visit.complete", by: "lee", ["lead-assessor"]) == nil)
        #expect(run.send("findings.clear", by: "lee", ["lead-assessor"]) == nil)
        #expect(run.send("recommendation.submit", by: "lee", ["lead-assessor"]) == nil)
        #expect(run.state.status == "decision")

        let outcome = try machine.assessment(of: run.state).decision.outcome.rawValue
        #expect(outcome == "accredited")
        let involved = run.send(
            "decision.record", by: "alice", ["decision-maker", "assessor"], ["outcome": .string(outcome)])
        #expect(involved?.rule == "impartiality.decision-maker")
        // A lead assessor who only visited, cleared the findings and recommended took part too (issue 14's attack).
        let lead = run.send(
            "decision.record", by: "lee", ["decision-maker", "lead-assessor"], ["outcome": .string(outcome)])
        #expect(lead?.rule == "impartiality.decision-maker")
        #expect(lead?.message.hasPrefix("lee evaluated in this case") == true)
        // A longer name matches decision.record's descriptor inside the statechart, but is not the declared name.
        let longer = run.send("decision.record.x", by: "dana", ["decision-maker"], ["outcome": .string(outcome)])
        #expect(longer?.rule == "workflow.undeclared-event")
        #expect(run.send("decision.record", by: "dana", ["decision-maker"], ["outcome": .string(outcome)]) == nil)
        #expect(run.state.status.contains("surveillance-scheduled"))
        #expect(run.machine.holdsAward(run.state))
        let expiry = try #require(run.machine.awardExpiry(of: run.state))
        #expect(expiry == run.clock.adding(years: 3))

        var replayed = machine.open(caseID: "C-1", at: try #require(Instant(iso8601: "2026-01-05T09:00:00Z")))
        for envelope in run.log {
            guard case .success(let (next, _)) = machine.apply(envelope, to: replayed) else {
                Issue.record("stored event \(envelope.seq) \(envelope.type) did not replay")
                return
            }
            replayed = next
        }
        #expect(replayed.snapshot == run.state.snapshot)
        #expect(replayed.record == run.state.record)
        #expect(replayed.record.version == Int64(run.log.count))
    }

    @Test func uploadsRefuseDuplicateIdsAndReplaceOnlyLiveEvidence() throws {
        let machine = try Self.machine()
        var run = try Run(machine)
        run.send("application.submit", by: "ann", ["applicant"])
        for event in ["application.accept", "eligibility.confirm"] {
            run.send(event, by: "sec", ["secretariat"])
        }
        run.send("team.assign", by: "sec", ["secretariat"], ["person": "lee", "position": "lead"])
        run.send("impartiality.confirm", by: "sec", ["secretariat"])
        let upload: Value = ["evidence": "E-1", "criterion": "SL-1.1", "item": 1]
        #expect(run.send("evidence.upload", by: "ann", ["applicant"], upload) == nil)
        #expect(run.send("evidence.upload", by: "ann", ["applicant"], upload)?.rule == "evidence.duplicate-id")
        let missing: Value = ["evidence": "E-2", "criterion": "SL-1.1", "supersedes": "E-9"]
        #expect(run.send("evidence.upload", by: "ann", ["applicant"], missing)?.rule == "evidence.supersedes")
        let replacing: Value = ["evidence": "E-2", "criterion": "SL-1.1", "supersedes": "E-1"]
        #expect(run.send("evidence.upload", by: "bob", ["applicant"], replacing) == nil)
        #expect(run.state.record.evidence["E-1"]?.status == "superseded")
        let replacement = try #require(run.state.record.evidence["E-2"])
        #expect(
            replacement.status == "submitted" && replacement.uploadedBy == "bob" && replacement.criterion == "SL-1.1")
        let again: Value = ["evidence": "E-3", "criterion": "SL-1.1", "supersedes": "E-1"]
        #expect(run.send("evidence.upload", by: "ann", ["applicant"], again)?.rule == "evidence.supersedes")
        #expect(run.state.record.involvement == ["ann": ["uploaded"], "bob": ["uploaded"]])
        #expect(run.state.record.submittedCounts == ["SL-1.1": 1] && run.state.record.acceptedCounts.isEmpty)
        #expect(run.state.record.version == 7)
    }

    /// The record keeps its evidence counts as items are recorded, changed and removed; they always equal a recount.
    @Test func evidenceCountsFollowEveryChange() {
        var record = CaseRecord()
        func recount(_ statuses: Set<String>) -> [String: Int] {
            record.evidence.values.filter { statuses.contains($0.status) }
                .reduce(into: [:]) { counts, item in counts[item.criterion, default: 0] += 1 }
        }
        // Items covered per criterion: distinct expected items with evidence of those statuses.
        func covered(_ statuses: Set<String>) -> [String: Int] {
            Dictionary(grouping: record.evidence.values.filter { statuses.contains($0.status) }, by: \.criterion)
                .mapValues { Set($0.map { $0.item ?? 0 }).count }
        }
        let steps: [(String, String?, String, Int?)] = [
            ("a", "submitted", "c1", 1), ("b", "accepted", "c1", 2), ("c", "rejected", "c2", 1),
            ("d", "submitted", "c2", 1), ("e", "submitted", "c1", 1), ("b", "superseded", "c1", 2),
            ("d", "accepted", "c2", 1), ("a", nil, "c1", 1), ("c", "submitted", "c2", 2), ("e", "accepted", "c1", 1),
            ("f", "submitted", "c3", nil),
        ]
        for (id, status, criterion, item) in steps {
            record.setEvidence(
                id,
                status.map { CaseRecord.EvidenceItem(criterion: criterion, status: $0, uploadedBy: "ann", item: item) })
            let step = "after \(id) -> \(status ?? "removed")"
            #expect(record.submittedCounts == recount(["submitted", "accepted"]), "\(step)")
            #expect(record.acceptedCounts == recount(["accepted"]), "\(step)")
            #expect(record.submittedCoverage == covered(["submitted", "accepted"]), "\(step)")
            #expect(record.acceptedCoverage == covered(["accepted"]), "\(step)")
        }
        #expect(record.submittedCounts == ["c1": 1, "c2": 2, "c3": 1] && record.acceptedCounts == ["c1": 1, "c2": 1])
        #expect(record.submittedCoverage == ["c1": 1, "c2": 2, "c3": 1])
    }

    @Test func deadlinesAreDeliveredAsTimerCommands() throws {
        let machine = try Self.machine()
        var run = try Run(machine)
        run.send("application.submit", by: "ann", ["applicant"])
        for event in ["application.accept", "eligibility.confirm"] {
            run.send(event, by: "sec", ["secretariat"])
        }
        run.send("team.assign", by: "sec", ["secretariat"], ["person": "lee", "position": "lead"])
        run.send("impartiality.confirm", by: "sec", ["secretariat"])
        let timer = try #require(run.state.snapshot.pendingTimers.first { $0.event.name == "deadline.evidence" })
        #expect(timer.due == run.clock.adding(days: 90))
        let fired = machine.decide(.timer(timer.id, event: timer.event.name, at: timer.due), state: run.state)
        guard case .success(let (next, _)) = fired else {
            Issue.record("the evidence deadline must fire")
            return
        }
        #expect(next.status == "evidence-lapsed")
        run.state = next
        run.clock = timer.due
        let late = run.send(
            "evidence.upload", by: "ann", ["applicant"], ["evidence": "E-1", "criterion": "SL-1.1", "item": 1])
        #expect(late?.rule == "workflow.not-accepted")
        #expect(run.send("evidence.extend", by: "sec", ["secretariat"]) == nil)
        #expect(
            run.send(
                "evidence.upload", by: "ann", ["applicant"], ["evidence": "E-1", "criterion": "SL-1.1", "item": 1])
                == nil)
    }

    @Test func foldingInPlaceMatchesApplyAndLeavesARefusedEventOut() throws {
        let machine = try Self.machine()
        var run = try Run(machine)
        run.send("application.submit", by: "ann", ["applicant"])
        run.send("application.accept", by: "sec", ["secretariat"])
        let opened = try #require(Instant(iso8601: "2026-01-05T09:00:00Z"))
        var folded = machine.open(caseID: "C-1", at: opened)
        var applied = folded
        for envelope in run.log {
            #expect((try? machine.fold(envelope, into: &folded).get()) != nil)
            guard case .success(let (next, _)) = machine.apply(envelope, to: applied) else {
                Issue.record("stored event \(envelope.seq) did not apply")
                return
            }
            applied = next
        }
        #expect(folded.snapshot == applied.snapshot)
        #expect(folded.record == applied.record)

        let before = folded
        let stray = EventEnvelope(
            caseID: "C-1", seq: 3, type: "decision.record", actor: "dana", occurredAt: run.clock.adding(days: 1),
            payload: ["outcome": "accredited"], definitionHash: "test")
        guard case .failure(let refusal) = machine.fold(stray, into: &folded) else {
            Issue.record("a decision during screening must not replay")
            return
        }
        #expect(refusal.rule == "workflow.not-accepted")
        #expect(refusal.message.contains("event 3 (decision.record)"))
        #expect(folded.snapshot == before.snapshot)
        #expect(folded.record == before.record)
    }
}

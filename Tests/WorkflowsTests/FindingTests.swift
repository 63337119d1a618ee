import AccreditEngine
import Statecharts
import Testing
import Workflows

extension CaseMachineTests.Run {
    /// Delivers the first pending timer for `event` at its due time, as the system.
    @discardableResult
    mutating func fire(_ event: String) throws -> Instant {
        let timer = try #require(
            state.snapshot.pendingTimers.filter { $0.event.name == event }.min { $0.due < $1.due },
            "no pending \(event)")
        clock = timer.due
        let command = CaseCommand.timer(timer.id, event: event, at: timer.due)
        state = try machine.decide(command, state: state).get().0
        return timer.due
    }

    /// Sends a command with the data the desk would complete (the next finding id, the severity's time to respond).
    @discardableResult
    mutating func sendCompleted(_ name: String, by actor: String, _ roles: Set<String>, _ data: Value) -> CaseRefusal? {
        send(name, by: actor, roles, machine.completing(data, for: name, in: state))
    }

    /// Application to the desk review, every criterion evidenced (E-n for the n-th).
    mutating func toDeskReview() {
        send("application.submit", by: "ann", ["applicant"])
        for event in ["application.accept", "eligibility.confirm"] {
            send(event, by: "sec", ["secretariat"])
        }
        send("team.assign", by: "sec", ["secretariat"], ["person": "lee", "position": "lead"])
        send("impartiality.confirm", by: "sec", ["secretariat"])
        for (name, data) in SubmissionFixture.events(machine.framework) { send(name, by: "ann", ["applicant"], data) }
        send("evidence.submit", by: "ann", ["applicant"])
    }

    /// Application to an award decided without findings: every criterion met, accredited.
    mutating func toAward() {
        toFindings()
        send("findings.clear", by: "lee", ["lead-assessor"])
        send("recommendation.submit", by: "lee", ["lead-assessor"])
        send("decision.record", by: "dana", ["decision-maker"], ["outcome": "accredited"])
    }

    /// Application to the findings state, every criterion evidenced and rated `rating`.
    mutating func toFindings(rating: String = "met") {
        toDeskReview()
        for criterion in machine.framework.criteria {
            send(
                "review.rate", by: "alice", ["assessor"],
                ["criterion": .string(criterion.id), "rating": .string(rating)])
        }
        send("review.complete", by: "alice", ["assessor"])
        send("visit.schedule", by: "sec", ["secretariat"])
        send("visit.complete", by: "lee", ["lead-assessor"])
    }
}

/// Findings as facts of a case: raised with a severity and a date, answered, verified, reopened; the workflow's
/// consequences when a date passes; and the award rules that read them.
struct FindingTests {
    typealias Run = CaseMachineTests.Run
    static let assessor: Set<String> = ["assessor"]
    static let lead: Set<String> = ["lead-assessor"]
    static let applicant: Set<String> = ["applicant"]

    static func fields(_ severity: String, criterion: String = "SL-2.2", statement: String = "Actions unmeasured")
        -> [String: Value]
    {
        ["criterion": .string(criterion), "severity": .string(severity), "statement": .string(statement)]
    }

    static func finding(_ severity: String, criterion: String = "SL-2.2", statement: String = "Actions unmeasured")
        -> Value
    {
        .object(fields(severity, criterion: criterion, statement: statement))
    }

    @Test func aMajorFindingIsAnsweredReopenedAnsweredAgainAndClosed() throws {
        var run = try Run(try CaseMachineTests.machine())
        run.toFindings()
        #expect(run.state.status == "findings")
        #expect(run.sendCompleted("finding.raise", by: "alice", Self.assessor, Self.finding("major")) == nil)
        let raised = try #require(run.state.record.findings["F-1"])
        #expect(raised.severity == "major" && raised.status == .open && raised.raisedBy == "alice")
        #expect(raised.due == raised.raisedAt.adding(days: 60))
        #expect(run.state.record.outstandingFindings == ["major": 1])
        #expect(run.log.last?.payload["respondWithin"] == "P60D")
        #expect(run.log.last?.payload["finding"] == "F-1")
        // Majors must be corrected before the decision: the findings cannot be cleared, and the rules refuse.
        #expect(run.send("findings.clear", by: "lee", Self.lead)?.rule == "workflow.guard-failed")
        #expect(try run.machine.assessment(of: run.state).decision.ruleID == "major-finding-open")
        #expect(run.send("findings.issue", by: "lee", Self.lead) == nil)
        #expect(run.state.status == "corrective-action")

        #expect(run.send("finding.close", by: "alice", Self.assessor, ["finding": "F-1"])?.rule == "finding.status")
        #expect(run.send("finding.respond", by: "ann", Self.applicant, ["finding": "F-1"])?.rule == "finding.text")
        #expect(
            run.send(
                "finding.respond", by: "ann", Self.applicant, ["finding": "F-1", "response": "x", "evidence": ["E-99"]])?
                .rule == "finding.evidence")
        #expect(
            run.send("finding.respond", by: "alice", Self.assessor, ["finding": "F-1", "response": "done"])?.rule
                == "workflow.role-not-allowed")
        let answer: Value = ["finding": "F-1", "response": "Measures added", "evidence": ["E-3"]]
        #expect(run.send("finding.respond", by: "ann", Self.applicant, answer) == nil)
        #expect(run.state.record.findings["F-1"]?.status == .responded)
        #expect(run.send("finding.respond", by: "ann", Self.applicant, answer)?.rule == "finding.status")
        #expect(run.send("corrective.complete", by: "lee", Self.lead)?.rule == "workflow.guard-failed")

        #expect(run.send("finding.reopen", by: "alice", Self.assessor, ["finding": "F-1"])?.rule == "finding.text")
        let longer: Value = ["finding": "F-1", "reason": "one example only", "respondWithin": "P61D"]
        #expect(run.send("finding.reopen", by: "alice", Self.assessor, longer)?.rule == "finding.respond-within")
        let reopen: Value = ["finding": "F-1", "reason": "one example only"]
        #expect(run.sendCompleted("finding.reopen", by: "alice", Self.assessor, reopen) == nil)
        let reopened = try #require(run.state.record.findings["F-1"])
        #expect(reopened.status == .open && reopened.due == run.clock.adding(days: 60))
        #expect(run.send("finding.respond", by: "ann", Self.applicant, answer) == nil)
        #expect(run.send("finding.close", by: "alice", Self.assessor, ["finding": "F-1", "note": "verified"]) == nil)
        #expect(run.state.record.findings["F-1"]?.status == .closed)
        #expect(run.state.record.findings["F-1"]?.responses == 2)
        #expect(run.state.record.outstandingFindings.isEmpty)
        #expect(run.send("corrective.complete", by: "lee", Self.lead) == nil)
        #expect(run.state.status == "recommendation")
        #expect(try run.machine.assessment(of: run.state).decision.outcome == "accredited")
        // The original and the reopened date's timers are still pending, and do nothing now.
        try run.fire("finding.lapse")
        #expect(run.state.status == "recommendation")
        #expect(run.state.record.involvement["ann"] == ["uploaded", "self-assessed", "responded"])
        #expect(run.state.record.involvement["alice"]?.contains("evaluated") == true)
    }

    @Test func raisingChecksTheCriterionSeverityStatementEvidenceIdAndDate() throws {
        var run = try Run(try CaseMachineTests.machine())
        run.toFindings()
        let raise = { (data: Value) -> String? in
            var copy = run
            return copy.sendCompleted("finding.raise", by: "alice", Self.assessor, data)?.rule
        }
        #expect(raise(Self.finding("major", criterion: "XX-1")) == "finding.unknown-criterion")
        #expect(raise(Self.finding("catastrophic")) == "finding.unknown-severity")
        #expect(raise(["criterion": "SL-1.1", "severity": "major", "statement": "  "]) == "finding.text")
        let long = String(repeating: "é", count: 4001)
        #expect(raise(Self.finding("major", statement: long)) == "finding.text")
        var data = Self.fields("major")
        data["evidence"] = ["E-1", "E-404"]
        #expect(raise(Value.object(data)) == "finding.evidence")
        data["evidence"] = "E-1"
        #expect(raise(Value.object(data)) == "finding.evidence")
        data["evidence"] = ["E-1"]
        data["respondWithin"] = "P90D"
        #expect(raise(Value.object(data)) == "finding.respond-within")
        data["respondWithin"] = "soon"
        #expect(raise(Value.object(data)) == "finding.respond-within")
        data["respondWithin"] = "P30D"
        for id in ["F-0", "F-01", "G-1", "F-1x", "F-1234567890"] {
            data["finding"] = .string(id)
            #expect(raise(Value.object(data)) == "finding.id", "\(id)")
        }
        data["finding"] = "F-7"
        #expect(run.send("finding.raise", by: "alice", Self.assessor, .object(data)) == nil)
        #expect(run.state.record.findings["F-7"]?.due == run.clock.adding(days: 30))
        #expect(run.send("finding.raise", by: "alice", Self.assessor, .object(data))?.rule == "finding.id")
        var observation = Self.fields("observation")
        observation["respondWithin"] = "P1D"
        #expect(
            run.sendCompleted("finding.raise", by: "alice", Self.assessor, .object(observation))?.rule
                == "finding.respond-within")
        #expect(run.sendCompleted("finding.raise", by: "alice", Self.assessor, Self.finding("observation")) == nil)
        let noted = try #require(run.state.record.findings["F-2"])
        #expect(noted.status == .noted && noted.due == nil)
        #expect(run.state.record.outstandingFindings == ["major": 1])
        #expect(
            run.send("finding.respond", by: "ann", Self.applicant, ["finding": "F-2", "response": "ok"])?.rule
                == "finding.status")
        data["finding"] = "F-8"
        #expect(
            run.send("finding.raise", by: "ann", Self.applicant, .object(data))?.rule == "workflow.role-not-allowed")
    }

    /// A finding raised in the desk review stays answerable and verifiable when the evidence goes back to the
    /// organisation, so that its date is not lost to the stage.
    @Test func findingsAreAnsweredAndVerifiedWhileTheEvidenceIsReturned() throws {
        var run = try Run(try CaseMachineTests.machine())
        run.toDeskReview()
        #expect(run.sendCompleted("finding.raise", by: "alice", Self.assessor, Self.finding("immediate-risk")) == nil)
        run.send("review.return", by: "alice", Self.assessor)
        #expect(run.state.status == "evidence-open")
        #expect(
            run.send("finding.respond", by: "ann", Self.applicant, ["finding": "F-1", "response": "Ward closed"]) == nil
        )
        #expect(run.send("finding.close", by: "alice", Self.assessor, ["finding": "F-1"]) == nil)
        try run.fire("finding.lapse")
        run.send("evidence.submit", by: "ann", Self.applicant)
        #expect(run.state.status == "desk-review")
    }

    /// Left unanswered while the evidence was returned, an immediate risk's consequence comes when the assessment
    /// resumes.
    @Test func anImmediateRiskLateWhileTheEvidenceWasReturnedIsAPreliminaryRefusalOnReturn() throws {
        var run = try Run(try CaseMachineTests.machine())
        run.toDeskReview()
        run.sendCompleted("finding.raise", by: "alice", Self.assessor, Self.finding("immediate-risk"))
        run.send("review.return", by: "alice", Self.assessor)
        try run.fire("finding.lapse")
        #expect(run.state.status == "evidence-open")
        run.send("evidence.submit", by: "ann", Self.applicant)
        #expect(run.state.status == "decision")
    }

    @Test func findingsCannotBeRaisedBeforeTheAssessment() throws {
        var run = try Run(try CaseMachineTests.machine())
        run.send("application.submit", by: "ann", Self.applicant)
        var data = Self.fields("major")
        data["finding"] = "F-1"
        data["respondWithin"] = "P60D"
        // Before the assessment a finding is raised only against an award that runs on while it is renewed.
        #expect(run.send("finding.raise", by: "alice", Self.assessor, .object(data))?.rule == "workflow.guard-failed")
    }

    @Test func aMajorLeftUncorrectedEndsTheCorrectivePeriodAndTheRulesRefuse() throws {
        var run = try Run(try CaseMachineTests.machine())
        run.toFindings()
        run.sendCompleted("finding.raise", by: "alice", Self.assessor, Self.finding("major"))
        run.sendCompleted("finding.raise", by: "alice", Self.assessor, Self.finding("minor", criterion: "LD-2.1"))
        run.send("findings.issue", by: "lee", Self.lead)
        let raised = try #require(run.state.record.findings["F-1"]?.raisedAt)
        #expect(try run.fire("finding.lapse") == raised.adding(days: 60))
        #expect(run.state.status == "recommendation")
        #expect(try run.machine.assessment(of: run.state).decision.ruleID == "major-finding-open")
    }

    /// An answer alone does not stop the clock: the severities ask for the correction to be made and verified by
    /// the date (review: a throwaway answer on the last day escaped every consequence).
    @Test func anAnswerAwaitingVerificationIsStillLate() throws {
        var run = try Run(try CaseMachineTests.machine())
        run.toFindings()
        run.sendCompleted("finding.raise", by: "alice", Self.assessor, Self.finding("major"))
        run.send("findings.issue", by: "lee", Self.lead)
        run.send("finding.respond", by: "ann", Self.applicant, ["finding": "F-1", "response": "\u{200B}"])
        try run.fire("finding.lapse")
        #expect(run.state.status == "recommendation")
    }

    @Test func anAnswerAfterTheDateIsRefused() throws {
        var run = try Run(try CaseMachineTests.machine())
        run.toFindings()
        run.sendCompleted("finding.raise", by: "alice", Self.assessor, Self.finding("minor"))
        let due = try #require(run.state.record.findings["F-1"]?.due)
        run.clock = due
        let late = run.send("finding.respond", by: "ann", Self.applicant, ["finding": "F-1", "response": "done"])
        #expect(late?.rule == "finding.late")
        #expect(run.state.record.findings["F-1"]?.status == .open)
    }

    @Test func aTimeToRespondIsAtLeastADay() throws {
        var run = try Run(try CaseMachineTests.machine())
        run.toFindings()
        for within in ["PT0.000001S", "PT23H59M", "P0D", String(repeating: "P1D", count: 20)] {
            var data = Self.fields("major")
            data["respondWithin"] = .string(within)
            #expect(
                run.sendCompleted("finding.raise", by: "alice", Self.assessor, .object(data))?.rule
                    == "finding.respond-within", "\(within)")
        }
        var data = Self.fields("major")
        data["respondWithin"] = "P1D"
        #expect(run.sendCompleted("finding.raise", by: "alice", Self.assessor, .object(data)) == nil)
    }

    /// A major whose date passed before the findings were issued (its timer fired in the findings state, where it
    /// has no consequence) ends the corrective period as soon as it opens.
    @Test func aMajorAlreadyLateWhenTheFindingsAreIssuedEndsTheCorrectivePeriodAtOnce() throws {
        var run = try Run(try CaseMachineTests.machine())
        run.toFindings()
        run.sendCompleted("finding.raise", by: "alice", Self.assessor, Self.finding("major"))
        try run.fire("finding.lapse")
        #expect(run.state.status == "findings")
        #expect(run.send("findings.issue", by: "lee", Self.lead) == nil)
        #expect(run.state.status == "recommendation")
    }

    @Test func anImmediateRiskNotCorrectedInThreeDaysIsAPreliminaryRefusal() throws {
        var run = try Run(try CaseMachineTests.machine())
        run.toFindings()
        run.sendCompleted("finding.raise", by: "alice", Self.assessor, Self.finding("immediate-risk"))
        let raised = try #require(run.state.record.findings["F-1"]?.raisedAt)
        #expect(try run.fire("finding.lapse") == raised.adding(days: 3))
        #expect(run.state.status == "decision")
        let decision = try run.machine.assessment(of: run.state).decision
        #expect(decision.outcome == "not-accredited" && decision.ruleID == "immediate-risk-open")
        let award: Value = ["outcome": "accredited", "justification": .null]
        #expect(run.send("decision.record", by: "dana", ["decision-maker"], award)?.rule == "workflow.guard-failed")
    }

    @Test func minorsCarryIntoTheAwardAsConditionsAndCloseThere() throws {
        var run = try Run(try CaseMachineTests.machine())
        run.toFindings()
        run.sendCompleted("finding.raise", by: "alice", Self.assessor, Self.finding("minor"))
        #expect(run.send("findings.clear", by: "lee", Self.lead) == nil)
        run.send("recommendation.submit", by: "lee", Self.lead)
        let decision = try run.machine.assessment(of: run.state).decision
        #expect(decision.ruleID == "minor-finding-open")
        run.send("decision.record", by: "dana", ["decision-maker"], ["outcome": "accredited-with-conditions"])
        #expect(run.state.status == "surveillance-scheduled,conditions-appealable")
        #expect(run.send("conditions.close", by: "lee", Self.lead)?.rule == "workflow.guard-failed")
        #expect(run.send("finding.respond", by: "ann", Self.applicant, ["finding": "F-1", "response": "done"]) == nil)
        #expect(run.send("finding.close", by: "lee", Self.lead, ["finding": "F-1"]) == nil)
        #expect(run.send("conditions.close", by: "lee", Self.lead) == nil)
        #expect(run.state.status == "surveillance-scheduled,conditions-met")
    }

    @Test func aSurveillanceFindingLeftUncorrectedSuspendsTheAwardUntilItIsCorrected() throws {
        var run = try Run(try CaseMachineTests.machine())
        run.toAward()
        #expect(run.machine.holdsAward(run.state))
        #expect(run.sendCompleted("finding.raise", by: "carl", Self.assessor, Self.finding("minor")) == nil)
        #expect(run.sendCompleted("finding.raise", by: "carl", Self.assessor, Self.finding("major")) == nil)
        // The minor's date (6 months) comes after the major's (60 days): the major's lapse suspends.
        try run.fire("finding.lapse")
        #expect(run.state.status == "suspension-appealable")
        #expect(run.machine.isAwardSuspended(run.state))
        // Not reinstated while the major is late; an assessor reopens it with a new date, the organisation
        // corrects it while suspended, and the award is reinstated.
        #expect(run.send("case.reinstate", by: "sec", ["secretariat"])?.rule == "workflow.guard-failed")
        let answer: Value = ["finding": "F-2", "response": "Fixed now"]
        #expect(run.send("finding.respond", by: "ann", Self.applicant, answer)?.rule == "finding.late")
        let reopen: Value = ["finding": "F-2", "reason": "Not answered in time", "respondWithin": "P14D"]
        #expect(run.send("finding.reopen", by: "carl", Self.assessor, reopen) == nil)
        #expect(run.send("finding.respond", by: "ann", Self.applicant, answer) == nil)
        #expect(run.send("finding.close", by: "carl", Self.assessor, ["finding": "F-2"]) == nil)
        #expect(run.send("case.reinstate", by: "sec", ["secretariat"]) == nil)
        #expect(run.machine.holdsAward(run.state) && !run.machine.isAwardSuspended(run.state))
    }

    @Test func aLateMajorIsReopenedCorrectedAndTheAwardReinstated() throws {
        var run = try Run(try CaseMachineTests.machine())
        run.toAward()
        run.sendCompleted("finding.raise", by: "carl", Self.assessor, Self.finding("major"))
        run.send("finding.respond", by: "ann", Self.applicant, ["finding": "F-1", "response": "a first go"])
        try run.fire("finding.lapse")
        #expect(run.state.status == "suspension-appealable")
        // Answered but not verified by the date: an assessor reopens it with a new date.
        #expect(
            run.sendCompleted("finding.reopen", by: "carl", Self.assessor, ["finding": "F-1", "reason": "not enough"])
                == nil)
        #expect(run.send("case.reinstate", by: "sec", ["secretariat"]) == nil)
        #expect(run.state.status.contains("surveillance-scheduled"))
        // A renewal cannot be applied for while a major is outstanding.
        let expiry = try #require(run.machine.awardExpiry(of: run.state))
        run.clock = expiry.adding(days: -100)
        let renewal = run.send("renewal.apply", by: "ann", Self.applicant)
        #expect(renewal?.rule == "workflow.guard-failed")
    }

    @Test func aFindingIsRefusedAgainstAFrameworkWithoutSeverities() throws {
        var machine = try CaseMachineTests.machine()
        var framework = machine.framework
        framework.findingSeverities = []
        machine = try CaseMachine(document: machine.document, framework: framework)
        var run = try Run(machine)
        run.toFindings()
        var data = Self.fields("major")
        data["finding"] = "F-1"
        let refusal = run.sendCompleted("finding.raise", by: "alice", Self.assessor, .object(data))
        #expect(refusal?.rule == "finding.unknown-severity")
        #expect(refusal?.message.contains("declares no finding severities") == true)
    }

    @Test func findingsReplayExactly() throws {
        let machine = try CaseMachineTests.machine()
        var run = try Run(machine)
        run.toFindings()
        run.sendCompleted("finding.raise", by: "alice", Self.assessor, Self.finding("major"))
        run.send("findings.issue", by: "lee", Self.lead)
        run.send("finding.respond", by: "ann", Self.applicant, ["finding": "F-1", "response": "fixed"])
        run.sendCompleted("finding.reopen", by: "alice", Self.assessor, ["finding": "F-1", "reason": "not yet"])
        var replayed = machine.open(caseID: "C-1", at: try #require(Instant(iso8601: "2026-01-05T09:00:00Z")))
        for envelope in run.log {
            replayed = try machine.apply(envelope, to: replayed).get().0
        }
        #expect(replayed.record == run.state.record)
        #expect(replayed.snapshot == run.state.snapshot)
    }
}

extension FindingTests {
    @Test func storedStatesKeepFindings() throws {
        let machine = try CaseMachineTests.machine()
        var run = try Run(machine)
        run.toFindings()
        run.sendCompleted("finding.raise", by: "alice", Self.assessor, Self.finding("major"))
        run.sendCompleted("finding.raise", by: "alice", Self.assessor, Self.finding("observation"))
        run.send("findings.issue", by: "lee", Self.lead)
        run.send("finding.respond", by: "ann", Self.applicant, ["finding": "F-1", "response": "fixed"])
        let restored = try #require(machine.decode(machine.encode(run.state)))
        #expect(restored.record == run.state.record)
        #expect(restored.record.outstandingFindings == ["major": 1])
        // A state stored before findings existed has no member for them, and reads back with none.
        var before = try Run(machine)
        before.toFindings()
        #expect(machine.encode(before.state)["findings"] == nil)
        #expect(machine.decode(machine.encode(before.state))?.record == before.state.record)
    }
}

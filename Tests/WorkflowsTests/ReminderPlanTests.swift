import AccreditEngine
import Statecharts
import Testing
import Workflows

/// Issue #18, item 10, its first part: the reminders a workflow declares (`<acc:reminder>`) and the pure planner
/// that says which are due for a case at a time.
struct ReminderPlanTests {
    static let day: Int64 = 86_400_000_000

    @Test func theShippedWorkflowDeclaresItsReminders() throws {
        let machine = try CaseMachineTests.machine()
        let rules = machine.document.reminderRules
        #expect(rules.count == 8)
        let evidence = try #require(rules.first { $0.subject == .timer("deadline.evidence") })
        #expect(evidence.audience == [.organisation] && evidence.before.map(\.iso8601) == ["P30D", "P7D"])
        let findings = try #require(rules.first { $0.subject == .findings })
        #expect(findings.overdue == [.organisation, .evaluator])
        // Lead times are kept longest first, whatever order they are written in, months against days included.
        let parsed = ReminderRule.leadTimes("P7D P1M PT12H P30D")
        #expect(parsed?.map(\.iso8601) == ["P1M", "P30D", "P7D", "PT12H"])
        #expect(ReminderRule.leadTimes("P7D -P1D") == nil && ReminderRule.leadTimes("") == nil)
        #expect(
            ReminderRule.kinds("organisation auditor") == nil && ReminderRule.kinds("decider decider") == [.decider])
    }

    @Test func aTimerIsRemindedOfAtTheLatestStageReachedAndOnlyBeforeItFalls() throws {
        var run = try SelfAssessmentTests.atEvidence()
        let rules = run.machine.document.reminderRules
        let timer = try #require(run.state.snapshot.pendingTimers.first { $0.event.name == "deadline.evidence" })
        func due(daysBefore days: Int64) -> [DueReminder] {
            let time = Instant(microsecondsSinceEpoch: timer.due.microsecondsSinceEpoch - days * Self.day)
            return CaseReminders.due(rules, caseID: "C-1", state: run.state, at: time)
                .filter { $0.deadline == .timer(event: "deadline.evidence") }
        }
        #expect(due(daysBefore: 31).isEmpty)
        let month = try #require(due(daysBefore: 29).first)
        #expect(month.stage == "P30D" && month.audience == [.organisation] && month.due == timer.due)
        // A missed run does not send the month's reminder once the week's applies.
        #expect(due(daysBefore: 6).map(\.stage) == ["P7D"])
        #expect(due(daysBefore: 6).first?.key != month.key)
        #expect(month.key == "C-1/timer:deadline.evidence@\(timer.due.microsecondsSinceEpoch)/P30D")
        // Once due, the workflow acts: nothing to remind of, whether or not the timer was delivered yet.
        #expect(due(daysBefore: 0).isEmpty && due(daysBefore: -3).isEmpty)
        // The deadline extended is a new deadline: its due time is new, and so is the key.
        _ = try run.fire("deadline.evidence")
        #expect(run.send("evidence.extend", by: "sec", ["secretariat"]) == nil)
        let renewed = try #require(run.state.snapshot.pendingTimers.first { $0.event.name == "deadline.evidence" })
        let again = CaseReminders.due(
            rules, caseID: "C-1", state: run.state,
            at: Instant(microsecondsSinceEpoch: renewed.due.microsecondsSinceEpoch - 6 * Self.day))
        #expect(again.map(\.stage) == ["P7D"] && again.first?.key != due(daysBefore: 6).first?.key)
    }

    @Test func aFindingIsRemindedOfBeforeAndAfterItsDateUntilTheOrganisationAnswers() throws {
        var run = try CaseMachineTests.Run(try CaseMachineTests.machine())
        run.toDeskReview()
        #expect(
            run.sendCompleted(
                "finding.raise", by: "alice", FindingTests.assessor,
                .object(FindingTests.fields("major").merging(["respondWithin": "P30D"]) { _, new in new })) == nil)
        let finding = try #require(run.state.record.findings["F-1"])
        let date = try #require(finding.due)
        let rules = run.machine.document.reminderRules
        func due(_ offset: Int64) -> [DueReminder] {
            let time = Instant(microsecondsSinceEpoch: date.microsecondsSinceEpoch + offset * Self.day)
            return CaseReminders.due(rules, caseID: "C-1", state: run.state, at: time)
                .filter { $0.deadline == .finding("F-1") }
        }
        #expect(due(-20).isEmpty)
        #expect(due(-10).map(\.stage) == ["P14D"] && due(-10).first?.audience == [.organisation])
        #expect(due(-2).map(\.stage) == ["P3D"])
        let late = try #require(due(1).first)
        #expect(late.stage == CaseReminders.overdue && late.audience == [.organisation, .evaluator])
        #expect(late.key == "C-1/finding:F-1@\(date.microsecondsSinceEpoch)/overdue")
        // The case machine says whether the organisation may answer now: it may, at the desk review.
        let atDeskReview = run.machine.dueReminders(
            caseID: "C-1", state: run.state,
            at: Instant(microsecondsSinceEpoch: date.microsecondsSinceEpoch - 2 * Self.day))
        #expect(atDeskReview.first { $0.deadline == .finding("F-1") }?.audience == [.organisation])
        // Where it may not answer, the organisation is not told; the team still is once the date has passed.
        let closed = CaseReminders.due(
            rules, caseID: "C-1", state: run.state,
            at: Instant(microsecondsSinceEpoch: date.microsecondsSinceEpoch + Self.day), answerable: false)
        #expect(closed.first { $0.deadline == .finding("F-1") }?.audience == [.evaluator])
        // Answered, it awaits the team's verification, and its date still counts: the team is reminded.
        #expect(
            run.send(
                "finding.respond", by: "ann", FindingTests.applicant, ["finding": "F-1", "response": "Trained"])
                == nil)
        #expect(due(-2).map(\.audience) == [[.evaluator]] && due(1).map(\.audience) == [[.evaluator]])
        #expect(due(-20).isEmpty)
    }

    @Test func anOpenAppealIsRemindedOfToThePanelAndAdministratorsAndNoRulesMeanNoReminders() throws {
        let run = try SelfAssessmentTests.atEvidence()
        var state = run.state
        let lodged = Instant(microsecondsSinceEpoch: 1_767_225_600_000_000)
        let date = lodged.adding(days: 60)
        state.record.appeals["A-1"] = CaseAppeal(
            id: "A-1", against: "refusal", scope: "refusal-appealable", grounds: "g", lodgedBy: "ann", lodgedAt: lodged,
            due: date, panel: ["pat", "quinn"])
        let rules = run.machine.document.reminderRules
        func due(_ offset: Int64) -> [DueReminder] {
            CaseReminders.due(
                rules, caseID: "C-1", state: state,
                at: Instant(microsecondsSinceEpoch: date.microsecondsSinceEpoch + offset * Self.day)
            ).filter { $0.deadline == .appeal("A-1") }
        }
        #expect(due(-8).isEmpty)
        #expect(due(-3).first?.audience == [.administrator, .decider] && due(-3).first?.stage == "P7D")
        #expect(due(2).first?.stage == CaseReminders.overdue)
        #expect(CaseReminders.due([], caseID: "C-1", state: state, at: date).isEmpty)
    }
}

import Statecharts

/// A reminder due now about one deadline of a case: what it is about, when it falls, the stage reached and who is
/// told. Pure data; the case layer finds the people and sends it, once per ``key``.
public struct DueReminder: Hashable, Sendable {
    /// The deadline a reminder is about.
    public enum Deadline: Hashable, Sendable {
        /// A pending timer of the workflow, by its event.
        case timer(event: String)
        /// An open finding's date for its corrective action.
        case finding(String)
        /// The open appeal's date for its resolution.
        case appeal(String)
    }

    /// The case.
    public var caseID: String
    /// What falls due.
    public var deadline: Deadline
    /// When it falls due.
    public var due: Instant
    /// The stage reached: the lead time (`P30D`) while the deadline approaches, `overdue` once it has passed.
    public var stage: String
    /// The role kinds told at this stage.
    public var audience: [RoleKind]
    /// The deadline in words, as the workflow's rule labels it, if it does.
    public var label: String?

    /// Creates a due reminder.
    public init(
        caseID: String, deadline: Deadline, due: Instant, stage: String, audience: [RoleKind], label: String? = nil
    ) {
        self.caseID = caseID
        self.deadline = deadline
        self.due = due
        self.stage = stage
        self.audience = audience
        self.label = label
    }

    /// The deadline as the sent-reminders log names it: `timer:EVENT`, `finding:ID` or `appeal:ID`.
    public var deadlineName: String {
        switch deadline {
        case .timer(let event): "timer:\(event)"
        case .finding(let id): "finding:\(id)"
        case .appeal(let id): "appeal:\(id)"
        }
    }

    /// What identifies it for sending once: the case, the deadline with its due time (a deadline moved, by a timer
    /// armed for another time or a finding given a new date, is a new one; a timer sent again for the same time, as
    /// when an award's surveillance resumes, is the same) and the stage. The recipient completes it.
    public var key: String {
        "\(caseID)/\(deadlineName)@\(due.microsecondsSinceEpoch)/\(stage)"
    }
}

/// Works out which reminders a case's deadlines call for at a time, from the rules its workflow declares
/// (``ReminderRule``): pure, like the case machine.
public enum CaseReminders {
    /// The stage name of a deadline that has passed.
    public static let overdue = "overdue"

    /// The reminders due for `state` of case `caseID` at `time`: for each deadline a rule covers, the latest stage
    /// reached (a run that was missed does not send "30 days" once "7 days" applies), or none before the first lead
    /// time. A timer's deadline is reminded of only while it approaches (once due, the workflow acts); a finding's
    /// corrective action and an open appeal's resolution also once overdue, where the rule names an `overdue`
    /// audience. A finding awaiting the organisation is reminded of to it only while it may answer (`answerable`: the
    /// workflow offers `respond-finding` in the case's state); one answered and awaiting verification, to `verify`. A
    /// case that has ended (its statechart halted) has no reminders.
    public static func due(
        _ rules: [ReminderRule], caseID: String, state: CaseState, at time: Instant, answerable: Bool = true
    ) -> [DueReminder] {
        guard !rules.isEmpty, !state.snapshot.isHalted else { return [] }
        var byEvent: [String: ReminderRule] = [:]
        var findingsRule: ReminderRule?
        var appealsRule: ReminderRule?
        for rule in rules {
            switch rule.subject {
            case .timer(let event): byEvent[event] = byEvent[event] ?? rule
            case .findings: findingsRule = findingsRule ?? rule
            case .appeals: appealsRule = appealsRule ?? rule
            }
        }
        var due: [DueReminder] = []
        func consider(
            _ deadline: DueReminder.Deadline, at date: Instant, rule: ReminderRule, before: [RoleKind],
            after: [RoleKind]
        ) {
            if date <= time {
                guard !after.isEmpty else { return }
                due.append(
                    DueReminder(
                        caseID: caseID, deadline: deadline, due: date, stage: overdue, audience: after,
                        label: rule.label))
                return
            }
            // The lead times are longest first: the last one reached is the stage.
            guard !before.isEmpty, let lead = rule.before.last(where: { $0.after(time) >= date }) else { return }
            due.append(
                DueReminder(
                    caseID: caseID, deadline: deadline, due: date, stage: lead.iso8601, audience: before,
                    label: rule.label))
        }
        for timer in state.snapshot.pendingTimers {
            guard let rule = byEvent[timer.event.name] else { continue }
            // A pending timer past its time has not been delivered yet: the workflow acts on it, nothing to remind.
            guard timer.due > time else { continue }
            // (Two timers of one event due at once are one deadline.)
            guard !due.contains(where: { $0.deadline == .timer(event: timer.event.name) && $0.due == timer.due })
            else { continue }
            consider(.timer(event: timer.event.name), at: timer.due, rule: rule, before: rule.audience, after: [])
        }
        if let rule = findingsRule {
            // The organisation is told only while it may answer; the others told are, whatever the state.
            let told: (RoleKind) -> Bool = { answerable || $0 != .organisation }
            for finding in state.record.findingsInOrder {
                guard let date = finding.due else { continue }
                switch finding.status {
                case .open:
                    consider(
                        .finding(finding.id), at: date, rule: rule, before: rule.audience.filter(told),
                        after: rule.overdue.filter(told))
                case .responded:
                    consider(.finding(finding.id), at: date, rule: rule, before: rule.verify, after: rule.verify)
                case .closed, .noted:
                    continue
                }
            }
        }
        if let rule = appealsRule, let appeal = state.record.openAppeal, let date = appeal.due {
            consider(.appeal(appeal.id), at: date, rule: rule, before: rule.audience, after: rule.overdue)
        }
        return due
    }
}

extension CaseMachine {
    /// The reminders the workflow declares that are due for a case at `time`: ``CaseReminders``, a finding
    /// answerable while a state of the case's configuration offers `respond-finding`.
    public func dueReminders(caseID: String, state: CaseState, at time: Instant) -> [DueReminder] {
        let rules = document.reminderRules
        guard !rules.isEmpty else { return [] }
        let active = Set(state.snapshot.configuration)
        var answerable = false
        func visit(_ nodes: [StateNode]) {
            for node in nodes where !answerable {
                if active.contains(node.id), node.transitions.contains(where: { $0.declaredAction == .respondFinding })
                {
                    answerable = true
                }
                visit(node.children)
            }
        }
        visit(document.children)
        return CaseReminders.due(rules, caseID: caseID, state: state, at: time, answerable: answerable)
    }
}

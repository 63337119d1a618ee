import AccreditEngine
import CaseService
import EvidenceStore
import Mail
import Statecharts

/// The words of a reminder by mail: a subject that says what falls due and when, and a body that says to whom it
/// matters, why the reader is told, and where to act.
enum ReminderMail {
    /// The message for a planned reminder, sent at `now` (the store's time, for "in 7 days") with the `Date`
    /// header at `date` (the wall clock).
    static func message(
        _ planned: PlannedReminder, to address: MailAddress, from settings: SMTPSettings, now: Instant, date: Int64,
        publicURL: String?
    ) -> MailMessage {
        let reminder = planned.reminder
        let what = subject(of: planned)
        let when = ReadableDates.relative(from: now, to: reminder.due)
        let caseID = reminder.caseID
        var lines = ["Dear \(planned.recipient.name),", ""]
        lines.append(
            "\(what) in case \(caseID) (\(planned.organisation.name)) is \(when): "
                + "\(ReadableDates.moment(reminder.due)).")
        if let finding = planned.finding {
            lines.append("")
            lines.append(
                "Finding \(finding.id) (\(finding.severity), criterion \(finding.criterion)) "
                    + (finding.status == .responded
                        ? "has been answered by the organisation and awaits verification by the assessment team."
                        : "awaits the organisation's corrective action and its evidence."))
        }
        if let appeal = planned.appeal {
            lines.append("")
            lines.append(
                "Appeal \(appeal.id) against the \(appeal.against) was lodged on "
                    + "\(ReadableDates.day(appeal.lodgedAt)) and is heard by "
                    + (appeal.panel.isEmpty ? "a panel not yet appointed." : "\(appeal.panel.joined(separator: ", ")).")
            )
        }
        lines.append("")
        if let publicURL {
            lines.append("Open the case: \(publicURL)/cases/\(caseID)")
        } else {
            lines.append("Open case \(caseID) in Accredit to see what is needed.")
        }
        lines.append("")
        lines.append("You are told because \(reason(planned)).")
        lines.append(
            "This is an automatic reminder, sent once for this stage of the deadline"
                + (reminder.stage == CaseReminders.overdue ? " (overdue)." : " (\(lead(reminder.stage)) before it)."))
        let subjectLine = "\(caseID): \(what) " + (reminder.stage == CaseReminders.overdue ? "is overdue" : when)
        return MailMessage(
            from: settings.from, fromName: settings.fromName, to: [address], subject: subjectLine,
            body: lines.joined(separator: "\n") + "\n", date: date,
            messageID: messageID(planned.key, domain: settings.from.domain),
            headers: [("Auto-Submitted", "auto-generated"), ("X-Auto-Response-Suppress", "All")])
    }

    /// What falls due, in words: the workflow's label, or one made from the deadline.
    static func subject(of planned: PlannedReminder) -> String {
        let reminder = planned.reminder
        switch reminder.deadline {
        case .timer(let event): return reminder.label ?? "The deadline \(event)"
        case .finding(let id): return "\(reminder.label ?? "The corrective action") for finding \(id)"
        case .appeal(let id): return "\(reminder.label ?? "The resolution") of appeal \(id)"
        }
    }

    /// Why the reader is told.
    static func reason(_ planned: PlannedReminder) -> String {
        switch planned.kind {
        case .organisation: "you act for \(planned.organisation.name)"
        case .administrator: "you are on the secretariat"
        case .evaluator: "you are on the case's assessment team"
        case .decider: "you sit on the appeal's panel"
        case .auditor, .system: "of your role"
        }
    }

    /// A lead time in words: "30 days", "6 months", or as written.
    static func lead(_ stage: String) -> String {
        guard let delay = Delay(parsing: stage) else { return stage }
        var parts: [String] = []
        func add(_ value: Int64, _ unit: String) {
            if value > 0 { parts.append("\(value) \(unit)\(value == 1 ? "" : "s")") }
        }
        add(delay.years, "year")
        add(delay.months, "month")
        add(delay.days, "day")
        add(delay.microseconds / 3_600_000_000, "hour")
        return parts.isEmpty ? stage : parts.joined(separator: " ")
    }

    /// The same id for every attempt at one reminder (so that a copy sent again can be recognised):
    /// `reminder.<32 hex digits of its key's SHA-256>@<the sender's domain>`.
    static func messageID(_ key: String, domain: String) -> String {
        "reminder.\(DefinitionCatalog.sha256(of: key).prefix(32))@\(domain)"
    }
}

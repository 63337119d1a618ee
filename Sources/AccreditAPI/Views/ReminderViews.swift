import AccreditEngine
import CaseService
import EvidenceStore
import Mail
import Statecharts

/// Reminders as the API shows them.
public enum ReminderViews {
    /// One reminder of a run: `{case, deadline, label, due, stage, recipient, kind, email, status, attempt,
    /// detail}`.
    public static func outcome(_ outcome: ReminderSender.Outcome) -> Value {
        let planned = outcome.planned
        return [
            "case": .string(planned.reminder.caseID), "deadline": .string(planned.reminder.deadlineName),
            "label": planned.reminder.label.map(Value.string) ?? .null,
            "due": .string(planned.reminder.due.iso8601), "stage": .string(planned.reminder.stage),
            "recipient": .string(planned.recipient.id), "kind": .string(planned.kind.rawValue),
            "email": planned.recipient.email.map(Value.string) ?? .null, "status": .string(outcome.status.rawValue),
            "attempt": outcome.attempt.map { .integer(Int64($0)) } ?? .null,
            "detail": outcome.detail.map(Value.string) ?? .null,
        ]
    }

    /// A run: `{reminders: [outcome], sent, failed, undeliverable, unaddressed, skipped, notAttempted,
    /// mailFailure}`.
    public static func report(_ report: ReminderSender.Report) -> Value {
        func count(_ status: ReminderSender.Outcome.Status) -> Value {
            .integer(Int64(report.outcomes.filter { $0.status == status }.count))
        }
        return [
            "reminders": .array(report.outcomes.map(outcome)), "sent": count(.sent), "failed": count(.failed),
            "undeliverable": count(.undeliverable), "unaddressed": count(.unaddressed), "skipped": count(.skipped),
            "notAttempted": count(.notAttempted), "due": count(.due),
            "mailFailure": report.mailFailure.map { .string($0.message) } ?? .null,
        ]
    }

    /// A recorded reminder: `{key, case, deadline, due, stage, recipient, email, status, attempts, claimedAt,
    /// sentAt, error}`.
    public static func record(_ record: ReminderRecord) -> Value {
        [
            "key": .string(record.key), "case": .string(record.caseID), "deadline": .string(record.deadline),
            "due": .string(record.due.iso8601), "stage": .string(record.stage),
            "recipient": .string(record.recipient), "email": .string(record.email),
            "status": .string(record.status.rawValue), "attempts": .integer(Int64(record.attempts)),
            "claimedAt": record.claimedAt.map { .string($0.iso8601) } ?? .null,
            "sentAt": record.sentAt.map { .string($0.iso8601) } ?? .null,
            "error": record.error.map(Value.string) ?? .null,
        ]
    }
}

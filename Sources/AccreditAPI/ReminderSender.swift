import AccreditEngine
import CaseService
import EvidenceStore
import Mail
import Statecharts

/// Sends the reminders that are due, each claimed in the store before its mail goes, so that concurrent runs and
/// runs repeated after a crash send each (deadline, stage, person) once; what came of each is recorded.
public enum ReminderSender {
    /// What became of one reminder in a run.
    public struct Outcome: Sendable {
        /// What became of it.
        public enum Status: String, Sendable {
            /// Accepted by the mail server.
            case sent
            /// Not sent for now (the connection, a deferral): a later run tries again.
            case failed
            /// Refused for good (no such mailbox): not tried again.
            case undeliverable
            /// The person has no usable address: nothing claimed (record one, and a later run sends it).
            case unaddressed
            /// Sent already, refused for good, out of attempts or being sent by another run.
            case skipped
            /// Not tried: mail could not be sent in this run (the server unreachable or refusing this sender).
            case notAttempted = "not-attempted"
            /// A dry run: would be sent.
            case due
        }

        /// The reminder and its recipient.
        public var planned: PlannedReminder
        /// What became of it.
        public var status: Status
        /// The attempt's number, when one was made.
        public var attempt: Int?
        /// Why it failed, or (skipped, dry run) what the log says of it.
        public var detail: String?
    }

    /// A run's outcomes, in the order planned, and why mail stopped, if it did.
    public struct Report: Sendable {
        /// Each reminder due.
        public var outcomes: [Outcome] = []
        /// Why mail could not be sent in this run, if it could not.
        public var mailFailure: MailError?
    }

    /// Sends (or, in a dry run, lists) the reminders due at the store's time, as `actorID`.
    ///
    /// - Throws: ``CaseRefusal`` `access.reminders.send`, ``StoreError``, or ``Problem`` `reminders.mail-not-configured`
    ///   when mail is wanted and not configured.
    public static func run(
        desk: CaseDesk, as actorID: String, caseID: String? = nil, dryRun: Bool = false, environment: APIEnvironment
    ) throws -> Report {
        let planned = try desk.dueReminders(caseID: caseID, as: actorID)
        guard dryRun || environment.smtp != nil || planned.isEmpty else {
            if let problem = environment.smtpProblem {
                throw Problem(
                    status: 503, code: "reminders.mail-misconfigured", title: "Mail is misconfigured",
                    detail: "\(planned.count) reminder(s) are due, but \(problem)")
            }
            throw Problem(
                status: 503, code: "reminders.mail-not-configured", title: "Mail is not configured",
                detail: "\(planned.count) reminder(s) are due, but this installation has no SMTP server to send them "
                    + "through: set ACCREDIT_SMTP_HOST and ACCREDIT_SMTP_FROM (docs/server.md, \"Mail\"), or list "
                    + "them with a dry run")
        }
        var report = Report()
        let now = try desk.now()
        var session: SMTPSession?
        defer { session?.close() }
        for reminder in planned {
            var outcome = Outcome(planned: reminder, status: .due)
            defer { report.outcomes.append(outcome) }
            guard let email = reminder.recipient.email, let address = try? MailAddress(email) else {
                outcome.status = .unaddressed
                outcome.detail =
                    reminder.recipient.email.map { "\($0) is not an address mail can go to" }
                    ?? "\(reminder.recipient.id) has no e-mail address"
                continue
            }
            if dryRun {
                if let record = try desk.recordedReminder(reminder, as: actorID) {
                    let (again, detail) = retry(record, email: email, now: now)
                    outcome.status = again ? .due : .skipped
                    outcome.detail = detail
                }
                continue
            }
            guard report.mailFailure == nil, let smtp = environment.smtp else {
                outcome.status = .notAttempted
                continue
            }
            // The session first: a server that cannot be reached, or turns us away, costs no reminder an attempt.
            let open: SMTPSession
            if let session {
                open = session
            } else {
                do {
                    open = try SMTPSession.open(smtp)
                    session = open
                } catch {
                    report.mailFailure = error
                    outcome.status = .notAttempted
                    continue
                }
            }
            guard let attempt = try desk.claimReminder(reminder, as: actorID) else {
                outcome.status = .skipped
                outcome.detail = try desk.recordedReminder(reminder, as: actorID).map {
                    retry($0, email: email, now: now).detail
                }
                continue
            }
            outcome.attempt = attempt
            var failure: MailError?
            do throws(MailError) {
                try open.send(
                    ReminderMail.message(
                        reminder, to: address, from: smtp, now: now, date: environment.clock(),
                        publicURL: environment.publicURL))
            } catch {
                failure = error
            }
            let status: ReminderRecord.Status
            var counted = true
            if let error = failure {
                switch error.code {
                case .recipientRefused, .rejected, .address: status = .undeliverable
                case .deferred: status = .failed
                case .senderRefused, .settings, .unsupported, .authentication:
                    // Every message would fail alike: the attempt is given back.
                    (status, counted) = (.failed, false)
                case .connection, .tls, .protocolViolation: status = .failed
                }
                outcome.detail = error.message
                if !error.concernsThisMessage {
                    // The server, the connection or the settings: the rest wait for a later run.
                    report.mailFailure = error
                    session?.close()
                    session = nil
                }
            } else {
                status = .sent
            }
            outcome.status = ReminderSender.Outcome.Status(rawValue: status.rawValue) ?? .failed
            do {
                try desk.recordReminder(
                    reminder.key, attempt: attempt, status, error: failure?.message, counted: counted, as: actorID)
            } catch {
                // The mail went (or failed) as said; only its record did not: say so, and go on with the rest.
                outcome.detail = [outcome.detail, "not recorded: \(error)"].compactMap { $0 }.joined(separator: "; ")
            }
        }
        return report
    }

    /// Whether a reminder the log holds would be tried again now (as ``ReminderLog/claim(_:)`` decides), and what
    /// the log says of it: sent already, refused for good at this address, out of attempts, waiting for its next
    /// attempt, or being sent by another run.
    static func retry(_ record: ReminderRecord, email: String, now: Instant) -> (again: Bool, detail: String) {
        let claimed = record.claimedAt ?? now
        func after(_ seconds: Int) -> Instant { claimed.adding(microseconds: Int64(seconds) * 1_000_000) }
        switch record.status {
        case .sent:
            return (false, "sent" + (record.sentAt.map { " at \($0.iso8601)" } ?? ""))
        case .undeliverable where record.email == email:
            return (false, "refused for good at \(record.email): record another address to try again")
        case .undeliverable:
            return (true, "refused at \(record.email); tried again at \(email)")
        case .failed where record.attempts >= ReminderLog.maximumAttempts:
            return (false, "out of attempts (\(record.attempts)): \(record.error ?? "failed")")
        case .failed:
            let next = after(ReminderLog.retryAfterSeconds << max(record.attempts - 1, 0))
            let failed = "attempt \(record.attempts) failed (\(record.error ?? "failed"))"
            return next <= now ? (true, failed + "; tried again now") : (false, failed + "; next after \(next.iso8601)")
        case .sending:
            let abandoned = after(ReminderLog.abandonedAfterSeconds) < now
            return (
                abandoned,
                abandoned
                    ? "left sending since \(claimed.iso8601) by a run that stopped; taken over"
                    : "being sent by another run since \(claimed.iso8601)"
            )
        }
    }
}

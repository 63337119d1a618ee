import Statecharts

/// The reminders sent, in PostgreSQL: each claimed before its mail goes, so that two senders never send the same
/// one, then marked with its outcome.
public struct ReminderLog {
    /// The connection the log works through.
    let connection: PostgresConnection

    /// Creates a log over a migrated database.
    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// The most attempts made at one reminder; after this many transient failures it is left failed.
    public static let maximumAttempts = 5
    /// Seconds after which a claim still `sending` is taken to belong to a sender that died, and taken over (a send
    /// takes at most about 20 minutes: ``Mail``'s timeouts).
    public static let abandonedAfterSeconds = 3600
    /// Seconds to wait after a failed attempt before the next, doubled after each (15 minutes, 30, an hour, two),
    /// so that a mailbox greylisting for a while is not out of attempts within a few runs.
    public static let retryAfterSeconds = 900

    /// Claims a reminder for sending, in a transaction of its own: a new one; one whose earlier attempt failed for
    /// now (fewer than ``maximumAttempts``, and ``retryAfterSeconds`` doubled per attempt since); one abandoned
    /// (``abandonedAfterSeconds``); or one refused for good at an address since corrected. The address given is the
    /// one used.
    ///
    /// - Returns: The attempt's number, or nil when it is sent, undeliverable at this address, out of attempts, not
    ///   due for another attempt yet or being sent by another run.
    /// - Throws: ``StoreError`` `.invalid` for a malformed record, `.notFound` for an unknown case or person.
    public func claim(_ reminder: ReminderRecord) throws(StoreError) -> Int? {
        try storeOperation(caseID: reminder.caseID) {
            try connection.query(
                """
                INSERT INTO reminders (reminder_key, case_id, deadline, due_at, stage, recipient, email, status)
                VALUES ($1, $2, $3, $4, $5, $6, $7, 'sending')
                ON CONFLICT (reminder_key) DO UPDATE
                    SET status = 'sending', attempts = reminders.attempts + 1, email = EXCLUDED.email, error = NULL
                    WHERE (reminders.status = 'failed' AND reminders.attempts < $8
                           AND reminders.claimed_at <= accredit_now()
                               - make_interval(secs => $10 * power(2, greatest(reminders.attempts - 1, 0))))
                       OR (reminders.status = 'sending'
                           AND reminders.claimed_at < accredit_now() - make_interval(secs => $9))
                       OR (reminders.status = 'undeliverable' AND reminders.email <> EXCLUDED.email)
                RETURNING attempts
                """,
                [
                    .text(reminder.key), .text(reminder.caseID), .text(reminder.deadline), .timestamp(reminder.due),
                    .text(reminder.stage), .text(reminder.recipient), .text(reminder.email),
                    .int(Int64(Self.maximumAttempts)), .int(Int64(Self.abandonedAfterSeconds)),
                    .int(Int64(Self.retryAfterSeconds)),
                ]
            ).first.map { Int(try $0["attempts"].int()) }
        }
    }

    /// Records what came of a claimed attempt: `sent`, `failed` or `undeliverable`, with why it failed. A release
    /// (`failed`, `counted: false`) gives the attempt back: the mail server failed for every message, not this one.
    ///
    /// - Parameter attempt: The attempt's number as claimed: an attempt taken over by another run in the meantime
    ///   is not recorded over.
    /// - Throws: ``StoreError`` `.invalid` for `sending`, or when the attempt is no longer this run's (another run
    ///   took it over).
    public func record(
        _ key: String, attempt: Int, _ status: ReminderRecord.Status, error: String? = nil, counted: Bool = true
    ) throws(StoreError) {
        guard status != .sending, counted || status == .failed else {
            throw StoreError(
                code: .invalid, message: "an outcome is sent, failed or undeliverable; only a failure is released")
        }
        let updated = try storeOperation(caseID: nil) {
            try connection.query(
                """
                UPDATE reminders SET status = $2, error = $3, attempts = attempts - $5
                WHERE reminder_key = $1 AND status = 'sending' AND attempts = $4
                RETURNING reminder_key
                """,
                [
                    .text(key), .text(status.rawValue), error.map { .text(String($0.prefix(2000))) } ?? .null,
                    .int(Int64(attempt)), .int(counted ? 0 : 1),
                ]
            ).count
        }
        guard updated == 1 else {
            throw StoreError(
                code: .invalid,
                message: "reminder \(key), attempt \(attempt), is not being sent: another run took it over")
        }
    }

    /// Reminders, newest claim first: a case's, or every one; at most `limit`.
    public func reminders(caseID: String? = nil, limit: Int = 1000) throws(StoreError) -> [ReminderRecord] {
        try records(where: "($1::text IS NULL OR case_id = $1)", [caseID.map(PostgresValue.text) ?? .null], limit)
    }

    /// The reminder recorded under a key, if any.
    public func reminder(key: String) throws(StoreError) -> ReminderRecord? {
        try records(where: "reminder_key = $1", [.text(key)], 1).first
    }

    /// Reminders matching a condition on `$1`, newest claim first, at most `limit`.
    private func records(where condition: String, _ parameters: [PostgresValue], _ limit: Int) throws(StoreError)
        -> [ReminderRecord]
    {
        try storeOperation(caseID: nil) {
            try connection.query(
                """
                SELECT reminder_key, case_id, deadline, due_at, stage, recipient, email, status, attempts, claimed_at,
                       sent_at, error
                FROM reminders WHERE \(condition)
                ORDER BY claimed_at DESC, reminder_key LIMIT $2
                """, parameters + [.int(Int64(max(0, limit)))]
            ).map { row in
                ReminderRecord(
                    key: try row["reminder_key"].string(), caseID: try row["case_id"].string(),
                    deadline: try row["deadline"].string(), due: try row["due_at"].instant(),
                    stage: try row["stage"].string(), recipient: try row["recipient"].string(),
                    email: try row["email"].string(),
                    status: ReminderRecord.Status(rawValue: try row["status"].string()) ?? .failed,
                    attempts: Int(try row["attempts"].int()), claimedAt: try row["claimed_at"].optionalInstant(),
                    sentAt: try row["sent_at"].optionalInstant(), error: try row["error"].optionalString())
            }
        }
    }
}

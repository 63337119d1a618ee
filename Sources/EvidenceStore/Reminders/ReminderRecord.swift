import Statecharts

/// A reminder as claimed and sent: about which deadline of which case, at which stage, to whom, and what came of it.
public struct ReminderRecord: Hashable, Sendable {
    /// What came of a reminder.
    public enum Status: String, Hashable, Sendable, CaseIterable {
        /// Claimed, and being sent (or the sender died: taken over after an hour).
        case sending
        /// The mail server accepted it.
        case sent
        /// Sending failed for now (no connection, a deferral): a later run tries again.
        case failed
        /// The mail server refused it for good (an unknown mailbox, say): not tried again.
        case undeliverable
    }

    /// What identifies it: the case, the deadline with its due time, the stage and the recipient.
    public var key: String
    /// The case.
    public var caseID: String
    /// The deadline: `timer:EVENT`, `finding:ID` or `appeal:ID`.
    public var deadline: String
    /// When the deadline falls.
    public var due: Instant
    /// The stage: a lead time (`P30D`) or `overdue`.
    public var stage: String
    /// The person told.
    public var recipient: String
    /// The address it went to.
    public var email: String
    /// What came of it.
    public var status: Status
    /// Attempts so far.
    public var attempts: Int
    /// When the latest attempt was claimed (the store's time).
    public var claimedAt: Instant?
    /// When the mail server accepted it.
    public var sentAt: Instant?
    /// Why the latest attempt failed.
    public var error: String?

    /// Creates a record (a claim: sending, attempt 1, not yet stamped).
    public init(
        key: String, caseID: String, deadline: String, due: Instant, stage: String, recipient: String, email: String,
        status: Status = .sending, attempts: Int = 1, claimedAt: Instant? = nil, sentAt: Instant? = nil,
        error: String? = nil
    ) {
        self.key = key
        self.caseID = caseID
        self.deadline = deadline
        self.due = due
        self.stage = stage
        self.recipient = recipient
        self.email = email
        self.status = status
        self.attempts = attempts
        self.claimedAt = claimedAt
        self.sentAt = sentAt
        self.error = error
    }
}

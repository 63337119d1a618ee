import AccreditEngine
import Statecharts

/// A recorded competence: a person may assess a framework's foundations (all of them when none are named) while
/// their training counts.
public struct Competence: Hashable, Sendable {
    /// The person.
    public var actor: String
    /// The framework's id (any version).
    public var framework: String
    /// The foundation codes; empty for every foundation.
    public var foundations: [String]
    /// When they were trained or last requalified (a day).
    public var trainedOn: Instant
    /// The last day the training counts.
    public var validUntil: Instant
    /// Who recorded it (filled in by the store when read).
    public var recordedBy: String
    /// When it was recorded, by the store's clock (filled in by the store when read).
    public var recordedAt: Instant?
    /// A note, such as the course taken.
    public var note: String?

    /// Creates a record.
    public init(
        actor: String, framework: String, foundations: [String], trainedOn: Instant, validUntil: Instant,
        recordedBy: String, recordedAt: Instant? = nil, note: String? = nil
    ) {
        self.actor = actor
        self.framework = framework
        self.foundations = foundations
        self.trainedOn = trainedOn
        self.validUntil = validUntil
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
        self.note = note
    }

    /// The record as the assignment rules read it (``CompetencePeriod``).
    public var period: CompetencePeriod {
        CompetencePeriod(framework: framework, foundations: foundations, trainedOn: trainedOn, validUntil: validUntil)
    }
}

extension DirectoryRecords {
    /// Records a competence (appended; a requalification is a new record), stamped with the store's time.
    ///
    /// - Throws: ``StoreError`` `.invalid` for a malformed framework id, a note over 2,000 characters or an end before
    ///   the training; `.notFound` for an unknown person.
    public func record(_ competence: Competence) throws(StoreError) {
        try storeOperation(caseID: nil) {
            do {
                try connection.execute(
                    """
                    INSERT INTO competences (actor_id, framework, foundations, trained_on, valid_until, recorded_by,
                                             note)
                    VALUES ($1, $2, string_to_array($3, ' '), $4::timestamptz::date, $5::timestamptz::date, $6, $7)
                    """,
                    [
                        .text(competence.actor), .text(competence.framework),
                        .text(competence.foundations.joined(separator: " ")), .timestamp(competence.trainedOn),
                        .timestamp(competence.validUntil), .text(competence.recordedBy),
                        competence.note.map(PostgresValue.text) ?? .null,
                    ])
            } catch let error as PostgresError where error.hasSQLState(PostgresError.SQLState.checkViolation) {
                throw StoreError(
                    code: .invalid,
                    message: "competence of \(competence.actor): the framework id (letters, digits, '.', '_', '-'), "
                        + "the note (at most 2,000 characters) or the dates (valid until on or after trained on) are "
                        + "malformed",
                    underlying: error)
            }
        }
    }

    /// Every competence record, or one person's, oldest first.
    public func competences(actor: String? = nil) throws(StoreError) -> [Competence] {
        try storeOperation(caseID: nil) {
            try connection.query(
                """
                SELECT actor_id, framework, array_to_string(foundations, ' ') AS foundations,
                       trained_on::timestamptz AS trained_on, valid_until::timestamptz AS valid_until, recorded_by,
                       recorded_at, note
                FROM competences WHERE $1::text IS NULL OR actor_id = $1 ORDER BY actor_id, competence_id
                """, [actor.map(PostgresValue.text) ?? .null]
            ).map { row in
                Competence(
                    actor: try row["actor_id"].string(), framework: try row["framework"].string(),
                    foundations: try row["foundations"].string().split(separator: " ").map(String.init),
                    trainedOn: try row["trained_on"].instant(), validUntil: try row["valid_until"].instant(),
                    recordedBy: try row["recorded_by"].string(), recordedAt: try row["recorded_at"].instant(),
                    note: try row["note"].optionalString())
            }
        }
    }

    /// The statement that records a conflict of interest declared inside a case, to commit with the event that
    /// declares it: from the event's day, stamped with the event's time. A declaration already recorded from that day
    /// is kept as it is.
    public static func declarationStatement(_ conflict: ConflictDeclaration, at time: Instant) -> PostgresStatement {
        PostgresStatement(
            """
            INSERT INTO conflict_declarations (actor_id, organisation_id, valid_from, valid_to, reason, declared_at,
                                               declared_in)
            VALUES ($1, $2, $3::timestamptz::date, $4::timestamptz::date, $5, $6, $7)
            ON CONFLICT (actor_id, organisation_id, valid_from) DO NOTHING
            """,
            [
                .text(conflict.actor), .text(conflict.organisation), .timestamp(conflict.from),
                conflict.until.map(PostgresValue.timestamp) ?? .null, .text(conflict.reason), .timestamp(time),
                conflict.declaredIn.map(PostgresValue.text) ?? .null,
            ])
    }
}

import Statecharts

extension DirectoryRecords {
    /// Receives a complaint into the intake, stamped with the store's time.
    ///
    /// - Returns: The complaint as stored, with its reference.
    /// - Throws: ``StoreError`` `.invalid` for a name over 200 characters, a contact over 320 or a text over 10,000
    ///   characters (or empty); `.notFound` for an unknown organisation.
    public func receive(_ intake: ComplaintIntake) throws(StoreError) -> Complaint {
        let id: Int64 = try complaintWrite(
            "the complaint: the name (at most 200 characters), the contact (at most 320) or the text (1 to 10,000)"
        ) {
            try connection.query(
                """
                INSERT INTO complaints (organisation_id, source, received_by, complainant, contact, body)
                VALUES ($1, $2, $3, $4, $5, $6) RETURNING complaint_id
                """,
                [
                    .text(intake.organisation), .text(intake.source.rawValue),
                    intake.receivedBy.map(PostgresValue.text) ?? .null,
                    intake.complainant.map(PostgresValue.text) ?? .null,
                    intake.contact.map(PostgresValue.text) ?? .null, .text(intake.body),
                ]
            ).first?["complaint_id"].int() ?? 0
        }
        guard let complaint = try complaints(number: id).first else {
            throw StoreError(code: .environment, message: "complaint CMP-\(id) was stored but could not be read back")
        }
        return complaint
    }

    /// Complaints, newest first: one by its number, an organisation's, or every one.
    public func complaints(number: Int64? = nil, organisation: String? = nil) throws(StoreError) -> [Complaint] {
        try storeOperation(caseID: nil) {
            try connection.query(
                """
                SELECT c.complaint_id, c.organisation_id, c.source, c.received_at, c.received_by, c.complainant,
                       c.contact, c.body, c.erased_at, c.erased_by,
                       t.decision AS t_decision, t.summary AS t_summary, t.actor_id AS t_actor, t.recorded_at AS t_at,
                       d.decision AS d_decision, d.summary AS d_summary, d.actor_id AS d_actor, d.recorded_at AS d_at
                FROM complaints c
                LEFT JOIN complaint_steps t ON t.complaint_id = c.complaint_id AND t.step = 'triaged'
                LEFT JOIN complaint_steps d ON d.complaint_id = c.complaint_id AND d.step = 'closed'
                WHERE ($1::bigint IS NULL OR c.complaint_id = $1) AND ($2::text IS NULL OR c.organisation_id = $2)
                ORDER BY c.complaint_id DESC
                """,
                [number.map(PostgresValue.int) ?? .null, organisation.map(PostgresValue.text) ?? .null]
            ).map { row in
                var erased: ComplaintStep?
                if let at = try row["erased_at"].optionalInstant() {
                    erased = ComplaintStep(
                        decision: "", summary: "", actor: try row["erased_by"].string(), at: at)
                }
                return Complaint(
                    reference: "CMP-\(try row["complaint_id"].int())",
                    organisation: try row["organisation_id"].string(),
                    source: Complaint.Source(rawValue: try row["source"].string()) ?? .other,
                    receivedAt: try row["received_at"].instant(), receivedBy: try row["received_by"].optionalString(),
                    complainant: try row["complainant"].optionalString(), contact: try row["contact"].optionalString(),
                    body: try row["body"].optionalString(), erased: erased, triage: try Self.step(row, "t"),
                    closure: try Self.step(row, "d"))
            }
        }
    }

    /// Appends a complaint's triage or closure (once each).
    ///
    /// - Parameter step: `triaged` or `closed`.
    /// - Throws: ``StoreError`` `.invalid` when the step was already recorded, or for a malformed decision or a
    ///   summary that is empty or over 2,000 characters.
    public func recordComplaintStep(
        _ number: Int64, step: String, decision: String, summary: String, by actor: String
    ) throws(StoreError) {
        let _: Int64 = try complaintWrite("complaint CMP-\(number)'s \(step) step: the summary (1 to 2,000 characters)")
        {
            try connection.execute(
                """
                INSERT INTO complaint_steps (complaint_id, step, decision, summary, actor_id)
                VALUES ($1, $2, $3, $4, $5)
                """, [.int(number), .text(step), .text(decision), .text(summary), .text(actor)])
            return number
        }
    }

    /// Erases a complaint's name, contact and words, once; the reference, triage and outcome stay.
    ///
    /// - Throws: ``StoreError`` `.invalid` when it was already erased.
    public func eraseComplaint(_ number: Int64, by actor: String) throws(StoreError) {
        let _: Int64 = try complaintWrite("complaint CMP-\(number)") {
            try connection.execute(
                """
                UPDATE complaints SET complainant = NULL, contact = NULL, body = NULL, erased_at = accredit_now(),
                                      erased_by = $2
                WHERE complaint_id = $1
                """, [.int(number), .text(actor)])
            return number
        }
    }

    /// Runs `body` in one transaction that holds the rows of the complaints numbered `numbers` (`FOR UPDATE`), so
    /// that what `body` checks about them (their plans, their closure) and what it then writes see no concurrent plan
    /// or closure of the same complaints.
    ///
    /// - Throws: What `body` threw, or ``StoreError`` (`.databaseTimeout` when the rows stay held past the lock
    ///   timeout).
    public func withComplaintsLocked<T>(_ numbers: [Int64], _ body: () throws -> T) throws -> T {
        do {
            return try connection.transaction { connection in
                if !numbers.isEmpty {
                    try storeOperation(caseID: nil) {
                        _ = try connection.query(
                            """
                            SELECT complaint_id FROM complaints
                            WHERE complaint_id = ANY (string_to_array($1, ' ')::bigint[])
                            ORDER BY complaint_id FOR UPDATE
                            """, [.text(numbers.map(String.init).joined(separator: " "))])
                    }
                }
                return try body()
            }
        } catch let error as PostgresError {
            throw StoreError.from(error, caseID: nil)
        }
    }

    /// Plans a visit (the reference is the store's).
    ///
    /// - Returns: The plan as stored.
    /// - Throws: ``StoreError`` `.invalid` for a window that ends before it starts, a note over 2,000 characters, or
    ///   a kind and complaints that disagree; `.notFound` for an unknown case.
    public func plan(_ visit: VisitPlan) throws(StoreError) -> VisitPlan {
        let numbers = visit.complaints.compactMap(Complaint.number(of:))
        let id: Int64 = try complaintWrite(
            "the visit plan: the window (not after on or after not before), the note (1 to 2,000 characters), or the "
                + "complaints (a for-cause visit names 1 to 32, an unannounced one none)"
        ) {
            try connection.query(
                """
                INSERT INTO visit_plans (case_id, kind, not_before, not_after, complaints, planned_by, note, visitors)
                VALUES ($1, $2, $3::timestamptz::date, $4::timestamptz::date,
                        COALESCE(string_to_array(NULLIF($5, ''), ' ')::bigint[], '{}'), $6, $7,
                        COALESCE(string_to_array(NULLIF($8, ''), ' '), '{}'))
                RETURNING visit_id
                """,
                [
                    .text(visit.caseID), .text(visit.kind.rawValue), .timestamp(visit.notBefore),
                    .timestamp(visit.notAfter), .text(numbers.map(String.init).joined(separator: " ")),
                    .text(visit.plannedBy), visit.note.map(PostgresValue.text) ?? .null,
                    .text(visit.visitors.joined(separator: " ")),
                ]
            ).first?["visit_id"].int() ?? 0
        }
        guard let stored = try visitPlans(number: id).first else {
            throw StoreError(code: .environment, message: "visit V-\(id) was stored but could not be read back")
        }
        return stored
    }

    /// Visit plans, newest first: one by its number, a case's, those naming a complaint, or every one.
    public func visitPlans(number: Int64? = nil, caseID: String? = nil, complaint: Int64? = nil) throws(StoreError)
        -> [VisitPlan]
    {
        try storeOperation(caseID: caseID) {
            try connection.query(
                """
                SELECT p.visit_id, p.case_id, p.kind, p.not_before::timestamptz AS not_before,
                       p.not_after::timestamptz AS not_after, array_to_string(p.complaints, ' ') AS complaints,
                       array_to_string(p.visitors, ' ') AS visitors, p.planned_by, p.planned_at, p.note, s.step,
                       s.seq, s.reason, s.actor_id, s.recorded_at
                FROM visit_plans p LEFT JOIN visit_steps s ON s.visit_id = p.visit_id
                WHERE ($1::bigint IS NULL OR p.visit_id = $1) AND ($2::text IS NULL OR p.case_id = $2)
                  AND ($3::bigint IS NULL OR $3 = ANY (p.complaints))
                ORDER BY p.visit_id DESC
                """,
                [
                    number.map(PostgresValue.int) ?? .null, caseID.map(PostgresValue.text) ?? .null,
                    complaint.map(PostgresValue.int) ?? .null,
                ]
            ).map { row in
                var outcome: ComplaintStep?
                if let step = try row["step"].optionalString() {
                    outcome = ComplaintStep(
                        decision: step, summary: try row["reason"].optionalString() ?? "",
                        actor: try row["actor_id"].string(), at: try row["recorded_at"].instant())
                }
                return VisitPlan(
                    reference: "V-\(try row["visit_id"].int())", caseID: try row["case_id"].string(),
                    kind: VisitPlan.Kind(rawValue: try row["kind"].string()) ?? .unannounced,
                    notBefore: try row["not_before"].instant(), notAfter: try row["not_after"].instant(),
                    complaints: try row["complaints"].string().split(separator: " ").map { "CMP-\($0)" },
                    visitors: try row["visitors"].string().split(separator: " ").map(String.init),
                    plannedBy: try row["planned_by"].string(), plannedAt: try row["planned_at"].instant(),
                    note: try row["note"].optionalString(), outcome: outcome, heldSeq: try row["seq"].optionalInt())
            }
        }
    }

    /// Cancels a planned visit, with a reason.
    ///
    /// - Throws: ``StoreError`` `.invalid` when the plan was already held or cancelled, or for a reason that is
    ///   empty or over 2,000 characters.
    public func cancelVisit(_ number: Int64, reason: String, by actor: String) throws(StoreError) {
        let _: Int64 = try complaintWrite("visit V-\(number)'s cancellation: the reason (1 to 2,000 characters)") {
            try connection.execute(
                "INSERT INTO visit_steps (visit_id, step, reason, actor_id) VALUES ($1, 'cancelled', $2, $3)",
                [.int(number), .text(reason), .text(actor)])
            return number
        }
    }

    /// The statement that records a planned visit as held, to commit with the case event that records the visit: a
    /// plan cancelled or held meanwhile makes the whole transaction fail (one step per plan).
    public static func visitHeldStatement(_ number: Int64, seq: Int64, by actor: String) -> PostgresStatement {
        PostgresStatement(
            "INSERT INTO visit_steps (visit_id, step, seq, actor_id) VALUES ($1, 'held', $2, $3)",
            [.int(number), .int(seq), .text(actor)])
    }

    private static func step(_ row: PostgresRow, _ prefix: String) throws(PostgresError) -> ComplaintStep? {
        guard let decision = try row["\(prefix)_decision"].optionalString() else { return nil }
        return ComplaintStep(
            decision: decision, summary: try row["\(prefix)_summary"].string(),
            actor: try row["\(prefix)_actor"].string(), at: try row["\(prefix)_at"].instant())
    }

    private func complaintWrite<T>(_ what: String, _ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let error as PostgresError where error.hasSQLState(PostgresError.SQLState.uniqueViolation) {
            throw StoreError(code: .invalid, message: "\(what) was already recorded", underlying: error)
        } catch let error as PostgresError where error.hasSQLState(PostgresError.SQLState.checkViolation) {
            throw StoreError(code: .invalid, message: "\(what) is malformed", underlying: error)
        } catch let error as PostgresError where error.sqlState == "AC403" {
            throw StoreError(code: .invalid, message: "\(what): \(error.message)", underlying: error)
        } catch let error as PostgresError {
            throw StoreError.from(error, caseID: nil)
        } catch {
            throw StoreError(code: .environment, message: "\(error)")
        }
    }
}

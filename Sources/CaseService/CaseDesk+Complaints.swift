import AccreditEngine
import EvidenceStore
import Statecharts

/// Complaints about organisations (ISO/IEC 17065 7.13): received from the public form or recorded by the
/// secretariat, triaged, and closed with an outcome; a complaint that warrants it leads to a for-cause visit
/// (``planVisit(caseID:kind:notBefore:notAfter:complaints:visitors:note:by:)``). The complainant's details stay in the
/// erasable intake, never in a case's log.
extension CaseDesk {
    /// Receives a complaint: from the public form (`actorID` nil, nobody signed in) or recorded by an administrator
    /// from a letter or a call.
    ///
    /// - Throws: ``CaseRefusal`` `complaint.text` for an empty text or control characters, `access.complaints.handle`
    ///   for a signed-in actor who may not record complaints; ``CaseServiceError`` `.organisationNotFound`.
    public func receiveComplaint(_ intake: ComplaintIntake, by actorID: String?) throws -> Complaint {
        var received = intake
        received.receivedBy = nil
        if let actorID { received.receivedBy = try require(.handleComplaints, by: actorID).id }
        received.complainant = try Self.optionalText(intake.complainant, "complainant", limit: 200)
        received.contact = try Self.optionalText(intake.contact, "contact", limit: 320)
        guard FreeText.isValid(intake.body, limit: 10_000) else {
            throw CaseRefusal(
                rule: "complaint.text", message: "say what the complaint is about: text of 1 to 10,000 characters")
        }
        guard try directory.organisations().contains(where: { $0.id == intake.organisation }) else {
            throw CaseServiceError(
                code: .organisationNotFound, message: "organisation \(intake.organisation) is not registered")
        }
        return try directory.receive(received)
    }

    /// The complaints register, newest first: every complaint, or an organisation's, optionally only those with a
    /// status (`received`, `triaged`, `closed`). Complaints about an organisation the reader has a conflict of
    /// interest with are left out (whoever complained must not be known to someone close to the organisation).
    ///
    /// - Throws: ``CaseRefusal`` `access.complaints.read`, `complaint.status` for an unknown status.
    public func complaints(as actorID: String, organisation: String? = nil, status: String? = nil) throws
        -> [Complaint]
    {
        let actor = try require(.readComplaints, by: actorID)
        if let status, !Complaint.statuses.contains(status) {
            throw CaseRefusal(
                rule: "complaint.status", message: "a complaint is \(Complaint.statuses.joined(separator: ", "))")
        }
        var impartial = Impartiality(desk: self, actor: actor.id)
        return try directory.complaints(organisation: organisation).filter {
            try (status == nil || $0.status == status) && impartial.mayRead($0.organisation)
        }
    }

    /// One complaint by its reference.
    ///
    /// - Throws: ``CaseRefusal`` `access.complaints.read`, a conflict of interest with the organisation;
    ///   ``StoreError`` `.notFound` for an unknown reference.
    public func complaint(_ reference: String, as actorID: String) throws -> Complaint {
        let actor = try require(.readComplaints, by: actorID)
        let complaint = try storedComplaint(reference)
        try requireImpartial(actor, complaint)
        return complaint
    }

    /// Triages a received complaint: `no-action`, `monitor` (looked at in the next surveillance) or
    /// `for-cause-visit`, with a summary. The summary is what a for-cause visit carries into the case's log, where the
    /// organisation reads it: it says what the complaint is about, never who made it.
    ///
    /// - Throws: ``CaseRefusal`` `access.complaints.handle`, `complaint.triaged` when already triaged,
    ///   `complaint.decision`, `complaint.summary`, or a conflict of interest with the organisation.
    public func triageComplaint(_ reference: String, decision: String, summary: String, by actorID: String) throws
        -> Complaint
    {
        let actor = try require(.handleComplaints, by: actorID)
        let complaint = try storedComplaint(reference)
        try requireImpartial(actor, complaint)
        if let triage = complaint.triage {
            throw CaseRefusal(
                rule: "complaint.triaged",
                message: "\(reference) was triaged \(triage.decision) by \(triage.actor) on \(triage.at.iso8601)")
        }
        guard Complaint.triageDecisions.contains(decision) else {
            throw CaseRefusal(
                rule: "complaint.decision",
                message: "triage decides one of \(Complaint.triageDecisions.joined(separator: ", "))")
        }
        try Self.requireSummary(summary)
        try directory.recordComplaintStep(
            try number(reference), step: "triaged", decision: decision, summary: summary, by: actor.id)
        return try storedComplaint(reference)
    }

    /// Closes a triaged complaint with its outcome and a summary of the finding. A complaint triaged for a visit
    /// closes once no plan naming it is still to be held, and at least one was held, unless it was withdrawn.
    ///
    /// - Throws: ``CaseRefusal`` `access.complaints.handle`, `complaint.not-triaged`, `complaint.closed`,
    ///   `complaint.outcome`, `complaint.summary`, `complaint.visit-pending`, or a conflict of interest.
    public func closeComplaint(_ reference: String, outcome: String, summary: String, by actorID: String) throws
        -> Complaint
    {
        let actor = try require(.handleComplaints, by: actorID)
        let complaint = try storedComplaint(reference)
        try requireImpartial(actor, complaint)
        guard let triage = complaint.triage else {
            throw CaseRefusal(rule: "complaint.not-triaged", message: "\(reference) is triaged before it is closed")
        }
        if let closure = complaint.closure {
            throw CaseRefusal(
                rule: "complaint.closed",
                message: "\(reference) was closed \(closure.decision) by \(closure.actor) on \(closure.at.iso8601)")
        }
        guard Complaint.outcomes.contains(outcome) else {
            throw CaseRefusal(
                rule: "complaint.outcome", message: "a complaint closes \(Complaint.outcomes.joined(separator: ", "))")
        }
        try Self.requireSummary(summary)
        // Checked and closed under the complaint's lock: no visit planned for it in between.
        try directory.withComplaintsLocked([try number(reference)]) {
            try closeChecked(reference, triage: triage, outcome: outcome, summary: summary, by: actor)
        }
        return try storedComplaint(reference)
    }

    /// The checks of a closure that read the complaint's plans, then the closure.
    private func closeChecked(
        _ reference: String, triage: ComplaintStep, outcome: String, summary: String, by actor: Actor
    ) throws {
        if triage.decision == "for-cause-visit" {
            let plans = try directory.visitPlans(complaint: try number(reference))
            let today = Self.day(of: try now())
            if let pending = plans.first(where: { Self.isLive($0, today: today) }) {
                throw CaseRefusal(
                    rule: "complaint.visit-pending",
                    message: "visit \(pending.reference) for \(reference) is still planned: hold or cancel it first")
            }
            if outcome != "withdrawn", !plans.contains(where: { $0.status == "held" }) {
                throw CaseRefusal(
                    rule: "complaint.visit-pending",
                    message: "\(reference) was triaged for a visit and none was held: plan and hold one, or close "
                        + "it as withdrawn")
            }
        }
        try directory.recordComplaintStep(
            try number(reference), step: "closed", decision: outcome, summary: summary, by: actor.id)
    }

    /// Erases a triaged complaint's name, contact and words (a data subject's request); its reference, triage and
    /// outcome stay.
    ///
    /// - Throws: ``CaseRefusal`` `access.complaints.handle`, `complaint.not-triaged` (the triage summary keeps what
    ///   it was about), `complaint.erased`.
    public func eraseComplaint(_ reference: String, by actorID: String) throws -> Complaint {
        let actor = try require(.handleComplaints, by: actorID)
        let complaint = try storedComplaint(reference)
        try requireImpartial(actor, complaint)
        if let erased = complaint.erased {
            throw CaseRefusal(
                rule: "complaint.erased", message: "\(reference) was erased by \(erased.actor) on \(erased.at.iso8601)")
        }
        guard complaint.triage != nil else {
            throw CaseRefusal(
                rule: "complaint.not-triaged",
                message: "triage \(reference) before erasing it, so that its summary keeps what it was about")
        }
        try directory.eraseComplaint(try number(reference), by: actor.id)
        return try storedComplaint(reference)
    }

    /// The complaint a reference names.
    ///
    /// - Throws: ``StoreError`` `.notFound`.
    func storedComplaint(_ reference: String) throws -> Complaint {
        guard let complaint = try directory.complaints(number: try number(reference)).first else {
            throw StoreError(code: .notFound, message: "there is no complaint \(reference)")
        }
        return complaint
    }

    /// The number a complaint reference (`CMP-12`) holds.
    ///
    /// - Throws: ``StoreError`` `.notFound` for anything that is not one.
    private func number(_ reference: String) throws -> Int64 {
        guard let number = Complaint.number(of: reference) else {
            throw StoreError(code: .notFound, message: "there is no complaint \(reference): references read CMP-12")
        }
        return number
    }

    /// Refuses someone with a conflict of interest with the organisation complained about.
    func requireImpartial(_ actor: Actor, _ complaint: Complaint) throws {
        if let refusal = try liveConflict(of: actor.id, with: complaint.organisation, at: try now()) { throw refusal }
    }

    /// A triage or closing summary: 1 to 2,000 characters.
    static func requireSummary(_ summary: String) throws {
        guard FreeText.isValid(summary, limit: 2000) else {
            throw CaseRefusal(
                rule: "complaint.summary",
                message: "give a summary (what the complaint is about, never who made it): text of 1 to 2,000 "
                    + "characters")
        }
    }

    /// An optional line of text, nil when blank.
    private static func optionalText(_ text: String?, _ field: String, limit: Int) throws -> String? {
        guard let text, !text.allSatisfy(\.isWhitespace) else { return nil }
        guard FreeText.isValid(text, limit: limit),
            !text.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" })
        else {
            throw CaseRefusal(
                rule: "complaint.\(field)", message: "the \(field) is one line of at most \(limit) characters")
        }
        return text
    }
}

/// Whether one reader has a conflict of interest with organisations, asked once per organisation: who has one reads
/// neither the complaints about it nor the visits planned to it.
struct Impartiality {
    /// The desk that knows the register.
    let desk: CaseDesk
    /// The reader.
    let actor: String
    /// The answers so far, by organisation.
    private var known: [String: Bool] = [:]

    /// Creates the check for one reader.
    init(desk: CaseDesk, actor: String) {
        self.desk = desk
        self.actor = actor
    }

    /// Whether the reader has no conflict of interest with `organisation` now.
    mutating func mayRead(_ organisation: String) throws -> Bool {
        if let answer = known[organisation] { return answer }
        let answer = try desk.liveConflict(of: actor, with: organisation, at: try desk.now()) == nil
        known[organisation] = answer
        return answer
    }
}

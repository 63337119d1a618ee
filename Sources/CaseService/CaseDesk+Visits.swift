import AccreditEngine
import EvidenceStore
import Statecharts

/// Visits the organisation is not told of in advance (unannounced, or for cause after complaints): planned by an
/// administrator while the workflow offers a `hold-visit` event, read by staff who may read the case, never by the
/// organisation; recorded in the case when held, with the plan sealed into the event.
extension CaseDesk {
    /// Plans a visit to a case, within a window of days. A for-cause visit names complaints about the case's
    /// organisation that were triaged `for-cause-visit`, are not closed, and no other plan still to be held (or
    /// held) names; an unannounced visit names none. The visitors (assessors who are to make it) are checked as
    /// assignments to every foundation; those not on the team join it when the visit is held, so that no assignment
    /// warns the organisation before.
    ///
    /// - Throws: ``CaseRefusal`` `access.visits.plan`, `visit.not-offered` (the case's state offers no `hold-visit`
    ///   event: visits are planned during an award), `visit.window`, `visit.complaints`, `visit.visitors` and the
    ///   assignment rules (`team.*`) for a visitor, `visit.note`, a conflict of interest with the organisation, or
    ///   the case's read refusal; ``StoreError``.
    public func planVisit(
        caseID: String, kind: VisitPlan.Kind, notBefore: Instant, notAfter: Instant, complaints: [String],
        visitors: [String] = [], note: String?, by actorID: String
    ) throws -> VisitPlan {
        let actor = try require(.planVisits, by: actorID)
        let open = try load(caseID)
        try requireReadable(open, by: actor)
        let organisation = open.head.organisationID
        let today = try now()
        if let refusal = try liveConflict(of: actor.id, with: organisation, at: today) { throw refusal }
        let machine = open.definitions.machine
        // Planned where the workflow would record the visit now, guards included (its roles aside).
        let holding = Set(machine.events(for: .holdVisit))
        let roles = Set(machine.roleKinds.kinds.keys)
        guard
            machine.acceptedEvents(roles: roles, state: open.state, at: today).contains(where: {
                holding.contains($0.name) && $0.enabled
            })
        else {
            throw CaseRefusal(
                rule: "visit.not-offered",
                message: "case \(caseID) is in \(open.state.snapshot.configuration.joined(separator: ", ")), where "
                    + "its workflow records no visit (acc:action=\"hold-visit\"): visits are planned during an award")
        }
        guard notBefore <= notAfter, Self.day(of: notAfter) >= Self.day(of: today) else {
            throw CaseRefusal(
                rule: "visit.window",
                message: "the window's last day must be today or later, and not before its first day")
        }
        if let note, !FreeText.isValid(note, limit: 2000) {
            throw CaseRefusal(rule: "visit.note", message: "the note is text of 1 to 2,000 characters")
        }
        try checkVisitors(visitors, open: open, at: today)
        // The complaints are checked and the plan written under their locks: no other plan or closure between.
        return try directory.withComplaintsLocked(complaints.compactMap(Complaint.number(of:))) {
            try checkVisitComplaints(complaints, kind: kind, organisation: organisation, today: Self.day(of: today))
            return try directory.plan(
                VisitPlan(
                    caseID: caseID, kind: kind, notBefore: notBefore, notAfter: notAfter, complaints: complaints,
                    visitors: visitors, plannedBy: actor.id, note: note))
        }
    }

    /// Cancels a visit still to be held, with a reason.
    ///
    /// - Throws: ``CaseRefusal`` `access.visits.plan`, `visit.not-planned` when it was held or cancelled,
    ///   `visit.reason`; ``StoreError`` `.notFound`.
    public func cancelVisit(_ reference: String, reason: String, by actorID: String) throws -> VisitPlan {
        let actor = try require(.planVisits, by: actorID)
        let plan = try storedPlan(reference, as: actor)
        if let outcome = plan.outcome {
            throw CaseRefusal(
                rule: "visit.not-planned",
                message: "visit \(reference) was \(outcome.decision) on \(outcome.at.iso8601) by \(outcome.actor)")
        }
        guard FreeText.isValid(reason, limit: 2000) else {
            throw CaseRefusal(rule: "visit.reason", message: "give the reason: text of 1 to 2,000 characters")
        }
        try directory.cancelVisit(try Self.visitNumber(reference), reason: reason, by: actor.id)
        return try storedPlan(reference, as: actor)
    }

    /// Visit plans, newest first: a case's, or every one the actor may read. Administrators, deciders and auditors
    /// read every plan, assessors those of the cases they may read; the organisation none, and nobody those of an
    /// organisation they have a conflict of interest with.
    ///
    /// - Throws: ``CaseRefusal`` `access.visits.read` for someone who acts for an organisation, or the case's read
    ///   refusal.
    public func visitPlans(of caseID: String? = nil, as actorID: String) throws -> [VisitPlan] {
        let actor = try authorisedActor(actorID)
        try requireStaff(actor)
        var impartial = Impartiality(desk: self, actor: actor.id)
        if let caseID {
            let open = try load(caseID)
            try requireReadable(open, by: actor)
            return try impartial.mayRead(open.head.organisationID) ? try directory.visitPlans(caseID: caseID) : []
        }
        // Per case: whether the actor reads it (and has no conflict); a visitor reads their own plan while it is to
        // be held, whatever the case's other plans.
        var readable: [String: (reads: Bool, impartial: Bool)] = [:]
        return try directory.visitPlans().filter { plan in
            let known: (reads: Bool, impartial: Bool)
            if let cached = readable[plan.caseID] {
                known = cached
            } else {
                let head = try log.head(of: plan.caseID)
                known = (try mayRead(actor, head: head), try impartial.mayRead(head.organisationID))
                readable[plan.caseID] = known
            }
            let visiting = plan.visitors.contains(actor.id) && plan.status == "planned"
            return known.impartial && (known.reads || visiting)
        }
    }

    /// One visit plan.
    ///
    /// - Throws: as ``visitPlans(of:as:)``; ``StoreError`` `.notFound` for an unknown reference.
    public func visitPlan(_ reference: String, as actorID: String) throws -> VisitPlan {
        try storedPlan(reference, as: try authorisedActor(actorID))
    }

    /// Records a planned visit as held, with the team's report: the case's `hold-visit` event, carrying the plan.
    ///
    /// - Throws: as ``fire(_:event:data:by:requestID:expectedVersion:extraStatements:)``.
    @discardableResult
    public func holdVisit(_ reference: String, report: String, by actorID: String, requestID: String? = nil) throws
        -> Outcome
    {
        let plan = try storedPlan(reference, as: try authorisedActor(actorID))
        let event = try event(for: .holdVisit, in: plan.caseID, by: actorID)
        return try fire(
            plan.caseID, event: event, data: ["visit": .string(reference), "report": .string(report)], by: actorID,
            requestID: requestID)
    }

    /// A `hold-visit` event's data completed from the store's plan (its kind, who planned it and when, and the
    /// complaints with their triage summaries), after the sender's roles and team (so that nobody learns of a plan
    /// by sending an event they may not send). Members the sender gave must agree with the plan.
    ///
    /// - Throws: the role or team refusal, ``CaseRefusal`` `visit.not-planned`.
    func completingVisit(_ data: Value, for command: CaseCommand, in open: OpenCase) throws -> Value {
        try teamCheck(command, machine: open.definitions.machine, state: open.state)
        // Whoever records a visit, an administrator included, has no conflict with the organisation: nothing of a
        // plan is read for them.
        if let refusal = try liveConflict(of: command.actor, with: open.head.organisationID, at: command.at) {
            throw refusal
        }
        guard case .object(var fields) = data, case .string(let reference)? = fields["visit"],
            let number = VisitPlan.number(of: reference)
        else { return data }
        guard let plan = try directory.visitPlans(number: number).first, plan.caseID == open.head.caseID else {
            throw CaseRefusal(
                rule: "visit.not-planned", message: "\(reference) is not a visit planned for case \(open.head.caseID)")
        }
        if let outcome = plan.outcome, outcome.decision == "cancelled" {
            throw CaseRefusal(
                rule: "visit.not-planned",
                message: "visit \(reference) was cancelled on \(outcome.at.iso8601) by \(outcome.actor): "
                    + "\(outcome.summary)")
        }
        let today = Self.day(of: try now())
        // A plan already held is the case rules' to refuse (`visit.already-held`).
        if plan.status == "planned", today < Self.day(of: plan.notBefore) {
            throw CaseRefusal(
                rule: "visit.window",
                message: "visit \(reference) is planned from \(plan.notBefore.iso8601.prefix(10)); it cannot have been "
                    + "held before")
        }
        if plan.status == "planned", !Self.isLive(plan, today: today) {
            throw CaseRefusal(
                rule: "visit.window",
                message: "visit \(reference) was planned until \(plan.notAfter.iso8601.prefix(10)), more than "
                    + "\(Self.reportingDays) days ago: cancel it, and plan the visit again if it is still to be made")
        }
        var complaints: [Value] = []
        for complaint in plan.complaints {
            let summary = try storedComplaint(complaint).triage?.summary ?? ""
            complaints.append(["complaint": .string(complaint), "summary": .string(summary)])
        }
        var planned: [String: Value] = [
            "kind": .string(plan.kind.rawValue), "plannedBy": .string(plan.plannedBy),
            "plannedAt": plan.plannedAt.map { .string($0.iso8601) } ?? .null, "complaints": .array(complaints),
        ]
        // Always the plan's list, empty or not: a sender cannot add visitors the plan does not name.
        planned["visitors"] = .array(plan.visitors.map(Value.string))
        // Someone not on the team (an administrator) records a visit only for visitors who are not on it either;
        // the team records its own.
        let team = open.state.record.team
        if plan.status == "planned", team[command.actor] == nil, !plan.visitors.contains(where: { team[$0] == nil }) {
            throw CaseRefusal(
                rule: "visit.holder",
                message:
                    "visit \(reference) is recorded by its team (\(plan.visitors.isEmpty ? "the case's" : "its visitors are on it")); "
                    + "the secretariat records one only for visitors the plan names who are not on the team")
        }
        for (key, value) in planned {
            if let given = fields[key], given != .null, !Self.sameData(given, value) {
                throw CaseRefusal(
                    rule: "visit.not-planned",
                    message: "the event's \(key) is not the plan's: leave it out, and the plan's is recorded")
            }
            fields[key] = value
        }
        return .object(fields)
    }

    /// The statement recording the plan as held, to commit with its event (a plan held or cancelled meanwhile fails
    /// the transaction).
    static func visitHeld(_ command: CaseCommand, seq: Int64) -> [PostgresStatement] {
        guard case .string(let reference)? = command.data["visit"], let number = VisitPlan.number(of: reference) else {
            return []
        }
        return [DirectoryRecords.visitHeldStatement(number, seq: seq, by: command.actor)]
    }

    /// The plan a reference names, for an actor who may read it: staff who may read its case, and its visitors.
    private func storedPlan(_ reference: String, as actor: Actor) throws -> VisitPlan {
        try requireStaff(actor)
        guard let plan = try directory.visitPlans(number: try Self.visitNumber(reference)).first else {
            throw StoreError(code: .notFound, message: "there is no visit \(reference)")
        }
        let open = try load(plan.caseID)
        if !(plan.visitors.contains(actor.id) && plan.status == "planned") { try requireReadable(open, by: actor) }
        if let refusal = try liveConflict(of: actor.id, with: open.head.organisationID, at: try now()) { throw refusal }
        return plan
    }

    /// Refuses anyone who acts for an organisation: planned visits are never shown to one.
    private func requireStaff(_ actor: Actor) throws {
        let kinds = try publishedRoleKinds().kinds(of: actor.roles)
        guard actor.organisation == nil, !kinds.isDisjoint(with: RoleKind.staff) else {
            throw CaseRefusal(
                rule: "access.visits.read",
                message: "\(actor.id) may not read planned visits: they are for the accrediting body's staff")
        }
    }

    /// The complaints a plan of `kind` names, checked: see ``planVisit(caseID:kind:notBefore:notAfter:complaints:visitors:note:by:)``.
    private func checkVisitComplaints(
        _ complaints: [String], kind: VisitPlan.Kind, organisation: String, today: Int64
    ) throws {
        guard (kind == .forCause) != complaints.isEmpty, complaints.count <= CaseVisit.maximumComplaints,
            Set(complaints).count == complaints.count
        else {
            throw CaseRefusal(
                rule: "visit.complaints",
                message: "a for-cause visit names 1 to \(CaseVisit.maximumComplaints) distinct complaints; an "
                    + "unannounced visit names none")
        }
        for reference in complaints {
            let complaint = try storedComplaint(reference)
            guard complaint.organisation == organisation, complaint.triage?.decision == "for-cause-visit",
                complaint.closure == nil
            else {
                throw CaseRefusal(
                    rule: "visit.complaints",
                    message: "\(reference) is not an open complaint about \(organisation) triaged for a visit")
            }
            let number = Complaint.number(of: reference) ?? 0
            if let taken = try directory.visitPlans(complaint: number).first(where: {
                $0.status == "held" || Self.isLive($0, today: today)
            }) {
                throw CaseRefusal(
                    rule: "visit.complaints", message: "\(reference) is already on visit \(taken.reference)")
            }
        }
    }

    /// Each visitor a plan names, checked as an assignment to every foundation of the case's framework at `time`.
    ///
    /// - Throws: ``CaseRefusal`` `visit.visitors` for a malformed list, or the assignment rule a visitor breaks.
    private func checkVisitors(_ visitors: [String], open: OpenCase, at time: Instant) throws {
        guard visitors.count <= CaseVisit.maximumVisitors, Set(visitors).count == visitors.count,
            visitors.allSatisfy(CaseTeamMember.isValidPerson)
        else {
            throw CaseRefusal(
                rule: "visit.visitors",
                message: "name up to \(CaseVisit.maximumVisitors) distinct assessors, by their actor ids")
        }
        let machine = open.definitions.machine
        if let appeal = open.state.record.openAppeal, let person = visitors.first(where: appeal.panel.contains) {
            throw CaseRefusal(
                rule: "team.on-panel",
                message: "\(person) sits on the panel hearing appeal \(appeal.id) and cannot visit the case")
        }
        for person in visitors where open.state.record.team[person] == nil {
            if let refusal = try assignmentRefusal(
                ["person": .string(person)], machine: machine, organisation: open.head.organisationID, at: time)
            {
                throw refusal
            }
        }
    }

    /// The visitors of a `hold-visit` event checked again as it is recorded (a conflict declared since planning, a
    /// lapsed training record).
    func visitorRefusal(_ command: CaseCommand, open: OpenCase) throws -> CaseRefusal? {
        guard case .array(let items)? = command.data["visitors"] else { return nil }
        for case .string(let person) in items where open.state.record.team[person] == nil {
            if let refusal = try assignmentRefusal(
                ["person": .string(person)], machine: open.definitions.machine,
                organisation: open.head.organisationID, at: command.at)
            {
                return refusal
            }
        }
        return nil
    }

    /// The number a visit reference (`V-3`) holds.
    ///
    /// - Throws: ``StoreError`` `.notFound` for anything that is not one.
    private static func visitNumber(_ reference: String) throws -> Int64 {
        guard let number = VisitPlan.number(of: reference) else {
            throw StoreError(code: .notFound, message: "there is no visit \(reference): references read V-3")
        }
        return number
    }

    /// How many days after its window a visit may still be recorded as held (the team writes its report).
    public static let reportingDays: Int64 = 30

    /// Whether a plan is still to be held: planned, and its window ended no more than ``reportingDays`` ago.
    static func isLive(_ plan: VisitPlan, today: Int64) -> Bool {
        plan.status == "planned" && today <= day(of: plan.notAfter) + reportingDays
    }

    /// The UTC day of an instant, as days since 1970.
    static func day(of instant: Instant) -> Int64 {
        let micros = instant.microsecondsSinceEpoch
        return (micros >= 0 ? micros : micros - 86_399_999_999) / 86_400_000_000
    }
}

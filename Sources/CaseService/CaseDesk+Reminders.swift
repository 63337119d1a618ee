import AccreditEngine
import EvidenceStore
import Mail
import Statecharts

/// A reminder to send now: the deadline and stage (``DueReminder``), the person told and what the words need.
public struct PlannedReminder: Hashable, Sendable {
    /// The deadline, its stage and the kinds told.
    public var reminder: DueReminder
    /// The person told, with their address if one is recorded.
    public var recipient: Actor
    /// Why they are told: the first role kind of the audience they belong to.
    public var kind: RoleKind
    /// The organisation the case is about.
    public var organisation: Organisation
    /// The finding, for a corrective action's reminder.
    public var finding: CaseFinding?
    /// The appeal, for an appeal's reminder.
    public var appeal: CaseAppeal?

    /// What identifies it for sending once: the deadline's key and the recipient.
    public var key: String { reminder.key + "/" + recipient.id }

    /// Creates a planned reminder.
    public init(
        reminder: DueReminder, recipient: Actor, kind: RoleKind, organisation: Organisation,
        finding: CaseFinding? = nil, appeal: CaseAppeal? = nil
    ) {
        self.reminder = reminder
        self.recipient = recipient
        self.kind = kind
        self.organisation = organisation
        self.finding = finding
        self.appeal = appeal
    }
}

extension CaseDesk {
    /// The reminders due at the store's time, one per deadline, stage and person: the case's workflow says which
    /// deadlines and who (``CaseMachine/dueReminders(caseID:state:at:)``), the directory who those people are: the
    /// organisation's people, the administrators, the case's team (evaluators), the open appeal's panel
    /// (deciders); each only while they may read the case (an assessor who has since declared a conflict with the
    /// organisation is not told). Those already sent are left in; ``claimReminder(_:as:)`` skips them.
    ///
    /// - Parameter caseID: Only this case's, or every case's.
    /// - Throws: ``CaseRefusal`` `access.reminders.send`, ``StoreError`` `.notFound` for an unknown case.
    public func dueReminders(caseID: String? = nil, as actorID: String) throws -> [PlannedReminder] {
        try require(.sendReminders, by: actorID)
        let time = try now()
        let heads = try caseID.map { [try log.head(of: $0)] } ?? log.heads()
        let kinds = try publishedRoleKinds()
        let people = try directory.actors()
        var organisations: [String: Organisation] = [:]
        for organisation in try directory.organisations() { organisations[organisation.id] = organisation }
        var planned: [PlannedReminder] = []
        for head in heads {
            // A case whose definitions no longer load, or whose workflow declares no reminders, has none.
            guard let machine = try? definitions(workflow: head.workflow, framework: head.framework).machine,
                !machine.document.reminderRules.isEmpty, let organisation = organisations[head.organisationID]
            else { continue }
            let state = try load(head.caseID).state
            for reminder in machine.dueReminders(caseID: head.caseID, state: state, at: time) {
                var finding: CaseFinding?
                var appeal: CaseAppeal?
                switch reminder.deadline {
                case .finding(let id): finding = state.record.findings[id]
                case .appeal(let id): appeal = state.record.appeals[id]
                case .timer: break
                }
                var told: Set<String> = []
                for kind in reminder.audience {
                    let recipients: [Actor]
                    switch kind {
                    case .organisation:
                        recipients = people.filter {
                            $0.organisation == head.organisationID && kinds.kinds(of: $0.roles).contains(.organisation)
                        }
                    case .administrator:
                        recipients = people.filter { kinds.kinds(of: $0.roles).contains(.administrator) }
                    case .evaluator:
                        recipients = people.filter { state.record.team[$0.id] != nil }
                    case .decider:
                        let panel = Set(appeal?.panel ?? state.record.openAppeal?.panel ?? [])
                        recipients = people.filter { panel.contains($0.id) }
                    case .auditor, .system:
                        recipients = []
                    }
                    let team = state.record.team
                    for person in recipients where !told.contains(person.id) {
                        guard
                            try mayRead(
                                person, organisation: head.organisationID, workflowKinds: machine.roleKinds,
                                team: { team })
                        else { continue }
                        told.insert(person.id)
                        planned.append(
                            PlannedReminder(
                                reminder: reminder, recipient: person, kind: kind, organisation: organisation,
                                finding: finding, appeal: appeal))
                    }
                }
            }
        }
        return planned
    }

    /// Claims a planned reminder before its mail goes (``ReminderLog/claim(_:)``): nil when it was sent already,
    /// refused for good, is out of attempts or is being sent by another run.
    ///
    /// - Returns: The attempt's number.
    /// - Throws: ``CaseRefusal`` `access.reminders.send`, ``StoreError`` `.invalid` when the person has no address.
    public func claimReminder(_ planned: PlannedReminder, as actorID: String) throws -> Int? {
        try require(.sendReminders, by: actorID)
        guard let email = planned.recipient.email else {
            throw StoreError(code: .invalid, message: "\(planned.recipient.id) has no e-mail address")
        }
        return try reminderLog.claim(
            ReminderRecord(
                key: planned.key, caseID: planned.reminder.caseID, deadline: planned.reminder.deadlineName,
                due: planned.reminder.due, stage: planned.reminder.stage, recipient: planned.recipient.id,
                email: email))
    }

    /// What the log says of a planned reminder, if it holds it: for a run to say why it skipped one.
    ///
    /// - Throws: ``CaseRefusal`` `access.reminders.send`, or ``StoreError``.
    public func recordedReminder(_ planned: PlannedReminder, as actorID: String) throws -> ReminderRecord? {
        try require(.sendReminders, by: actorID)
        return try reminderLog.reminder(key: planned.key)
    }

    /// Records what came of a claimed attempt (``ReminderLog/record(_:attempt:_:error:counted:)``).
    ///
    /// - Throws: ``CaseRefusal`` `access.reminders.send`, or ``StoreError`` as the log throws it.
    public func recordReminder(
        _ key: String, attempt: Int, _ status: ReminderRecord.Status, error: String? = nil, counted: Bool = true,
        as actorID: String
    ) throws {
        try require(.sendReminders, by: actorID)
        try reminderLog.record(key, attempt: attempt, status, error: error, counted: counted)
    }

    /// The reminders claimed and sent, newest first: a case's or every one (those who look after the record).
    ///
    /// - Throws: ``CaseRefusal`` `access.store.oversee`, or ``StoreError``.
    /// Addresses are the administrators' to see (and a person's own), as in the directory.
    public func reminders(caseID: String? = nil, limit: Int = 1000, as actorID: String) throws -> [ReminderRecord] {
        let actor = try require(.oversee, by: actorID)
        if let caseID { _ = try log.head(of: caseID) }
        var records = try reminderLog.reminders(caseID: caseID, limit: limit)
        if !(try publishedRoleKinds().kinds(of: actor.roles).contains(.administrator)) {
            for index in records.indices where records[index].recipient != actor.id { records[index].email = "" }
        }
        return records
    }

    /// Records a person's e-mail address, or removes it (nil): administrators for anyone, a person for themselves.
    ///
    /// - Throws: ``CaseRefusal`` `access.directory.write`, ``StoreError`` `.invalid` for an address mail cannot go
    ///   to (``MailAddress``) or `.actorNotFound` for an unknown person.
    public func recordEmail(_ email: String?, of person: String, by actorID: String) throws {
        defer { verifiedActor = nil }
        if person != actorID { try require(.writeDirectory, by: actorID) } else { _ = try authorisedActor(actorID) }
        if let email, let problem = MailAddress.problem(email) {
            throw StoreError(code: .invalid, message: "the e-mail address \(problem)")
        }
        _ = try directory.actor(person)
        try directory.recordEmail(email, of: person, by: actorID)
    }
}

import AccreditEngine
import EvidenceStore
import Statecharts

/// One row of a case's timeline: an event, who sent it, and what it changed.
public struct HistoryEntry: Hashable, Sendable {
    /// The event's position in the case log.
    public var seq: Int64
    /// When it happened.
    public var occurredAt: Instant
    /// Who sent it (`system` for deadlines).
    public var actor: String
    /// The actor's roles in the directory now (empty when the actor is unknown).
    public var roles: [String]
    /// The event name.
    public var event: String
    /// A short summary of the event data, such as `criterion=SL-1.1 rating=met`.
    public var summary: String
    /// The event data in full, as stored.
    public var data: Value = .null
    /// The active atomic states the event left.
    public var exited: [String]
    /// The active atomic states the event entered.
    public var entered: [String]
    /// Evidence ids the payload names.
    public var evidence: [String]
    /// Ratings the payload gives, as `criterion=rating`.
    public var ratings: [String]
    /// Deadlines the event set, as `event@due`.
    public var deadlinesSet: [String]
    /// The deadline this event delivered (timer events), as its event name.
    public var deadlinesFired: [String]
    /// Deadlines the event cancelled, as their event names (or timer ids when unknown).
    public var deadlinesCancelled: [String]
    /// When the store recorded it: the time it was imported, for an event imported from an earlier system; nil
    /// for a live event (recorded when it occurred).
    public var importedAt: Instant?

    /// The entry as JSON.
    public var value: Value {
        let strings: ([String]) -> Value = { .array($0.map(Value.string)) }
        return [
            "seq": .integer(seq), "time": .string(occurredAt.iso8601), "actor": .string(actor),
            "roles": strings(roles), "event": .string(event), "summary": .string(summary), "data": data,
            "exited": strings(exited), "entered": strings(entered), "evidence": strings(evidence),
            "ratings": strings(ratings), "deadlinesSet": strings(deadlinesSet),
            "deadlinesFired": strings(deadlinesFired), "deadlinesCancelled": strings(deadlinesCancelled),
            "importedAt": importedAt.map { .string($0.iso8601) } ?? .null,
        ]
    }
}

/// Which events a history shows; every condition given must hold.
public struct HistoryFilter: Hashable, Sendable {
    /// Only events sent by this actor.
    public var actor: String?
    /// Only events with this name.
    public var event: String?
    /// Only events at or after this time.
    public var since: Instant?
    /// Only events at or before this time.
    public var until: Instant?

    /// Creates a filter; with no arguments, everything is shown.
    public init(actor: String? = nil, event: String? = nil, since: Instant? = nil, until: Instant? = nil) {
        self.actor = actor
        self.event = event
        self.since = since
        self.until = until
    }

    /// Whether an event passes the filter.
    public func admits(_ envelope: EventEnvelope) -> Bool {
        if let actor, envelope.actor != actor { return false }
        if let event, envelope.type != event { return false }
        if let since, envelope.occurredAt < since { return false }
        if let until, envelope.occurredAt > until { return false }
        return true
    }
}

extension CaseDesk {
    /// A case's timeline: every stored event folded through the case's pinned definitions (from the database), with
    /// the states each left and entered and the deadlines it set, delivered or cancelled.
    ///
    /// The whole log is always folded (a filter only hides rows), so each row's states are exact.
    ///
    /// - Throws: ``StoreError`` `.caseNotFound`, or ``CaseServiceError`` `.replayFailed` when a stored event no longer folds.
    public func history(_ caseID: String, filter: HistoryFilter = HistoryFilter()) throws -> [HistoryEntry] {
        let head = try log.head(of: caseID)
        let definitions = try self.definitions(workflow: head.workflow, framework: head.framework)
        let roles = Dictionary(
            (try directory.actors()).map { ($0.id, $0.roles.sorted()) }, uniquingKeysWith: { first, _ in first })
        var state = definitions.machine.open(caseID: caseID, at: head.openedAt)
        var entries: [HistoryEntry] = []
        for event in try log.events(of: caseID, through: head.version) {
            let envelope = event.envelope
            let before = state
            let effects: [Effect]
            switch definitions.machine.apply(envelope, to: state) {
            case .success(let (next, stepEffects)): (state, effects) = (next, stepEffects)
            case .failure(let refusal): throw CaseServiceError.replayFailed(caseID, seq: envelope.seq, refusal: refusal)
            }
            guard filter.admits(envelope) else { continue }
            var entry = Self.entry(
                envelope, before: before, after: state, effects: effects,
                roles: envelope.actor == "system" ? ["system"] : roles[envelope.actor] ?? [])
            if event.imported { entry.importedAt = event.recordedAt }
            entries.append(entry)
        }
        return entries
    }

    /// A case's timeline for someone who may read its record: as ``history(_:filter:)``, except that someone who
    /// acts for the organisation does not see the data of the assessors' ratings (the rating and its note), nor
    /// staff notes not marked for them (``notes(of:for:)``).
    ///
    /// - Throws: ``CaseRefusal`` `access.organisation`, or what ``history(_:filter:)`` throws.
    public func history(_ caseID: String, filter: HistoryFilter = HistoryFilter(), as actorID: String) throws
        -> [HistoryEntry]
    {
        let actor = try requireRead(of: caseID, by: actorID)
        let entries = try history(caseID, filter: filter)
        guard try actsOnlyForOrganisation(actor) else { return entries }
        let head = try log.head(of: caseID)
        let machine = try definitions(workflow: head.workflow, framework: head.framework).machine
        let own = Set(try directory.actors().filter { $0.organisation == actor.organisation }.map(\.id))
        return entries.map { entry in
            var shown = entry
            let action = machine.action(of: entry.event)
            if action == .rate {
                shown.summary = ""
                shown.data = .null
                shown.ratings = []
            } else if [.release, .declareConflict].contains(action), case .object(var members) = entry.data,
                members["reason"] != nil
            {
                // Why someone left the team, or a conflict's reason, is the staff's.
                members["reason"] = nil
                members["note"] = nil
                shown.data = .object(members)
                shown.summary = Self.summary(of: shown.data)
            } else if case .object(var members) = entry.data, members["note"] != nil, !own.contains(entry.actor),
                !Self.isForEveryone(entry.data)
            {
                // A staff note not marked for the organisation (see ``notes(of:for:)``).
                members["note"] = nil
                shown.data = .object(members)
                shown.summary = Self.summary(of: shown.data)
            }
            return shown
        }
    }

    /// The row for one folded event.
    static func entry(
        _ envelope: EventEnvelope, before: CaseState, after: CaseState, effects: [Effect], roles: [String]
    ) -> HistoryEntry {
        let beforeLeaves = before.snapshot.activeLeaves
        let afterLeaves = after.snapshot.activeLeaves
        let payload = envelope.payload
        var evidence: [String] = []
        for key in ["evidence", "supersedes"] {
            if case .string(let id)? = payload[key] { evidence.append(id) }
        }
        var ratings: [String] = []
        if case .string(let criterion)? = payload["criterion"], case .string(let rating)? = payload["rating"] {
            ratings.append("\(criterion)=\(rating)")
        }
        let pendingBefore = Dictionary(
            before.snapshot.pendingTimers.map { ($0.id, $0.event.name) }, uniquingKeysWith: { first, _ in first })
        var set: [String] = []
        var cancelled: [String] = []
        for effect in effects {
            switch effect {
            case .scheduleTimer(let request): set.append("\(request.event.name)@\(request.due.iso8601)")
            case .cancelTimer(let id): cancelled.append(pendingBefore[id] ?? id)
            case .log, .send: break
            }
        }
        var fired: [String] = []
        if let timerID = CaseCommand(envelope: envelope, roles: []).timerID {
            fired.append(envelope.type)
            cancelled.removeAll { $0 == pendingBefore[timerID] || $0 == timerID }
        }
        return HistoryEntry(
            seq: envelope.seq, occurredAt: envelope.occurredAt, actor: envelope.actor, roles: roles,
            event: envelope.type, summary: summary(of: payload), data: payload,
            exited: beforeLeaves.filter { !afterLeaves.contains($0) },
            entered: afterLeaves.filter { !beforeLeaves.contains($0) }, evidence: evidence, ratings: ratings,
            deadlinesSet: set, deadlinesFired: fired, deadlinesCancelled: cancelled, importedAt: nil)
    }

    /// `key=value` for each scalar member of an object payload (sorted by key), shortened to 60 characters; a move
    /// to another workflow version as `version 1 -> 2` with its renamed states (`old=new`).
    static func summary(of payload: Value) -> String {
        let text: String
        if let migration = CaseMigration(payload: payload) {
            let renamed = migration.states.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            text = (["version \(migration.from.version) -> \(migration.to.version)"] + renamed).joined(separator: " ")
            return text.count > 60 ? String(text.prefix(59)) + "…" : text
        }
        switch payload {
        case .null: return ""
        case .object(let members):
            text = members.keys.sorted().compactMap { key -> String? in
                switch members[key] {
                case .string(let string)?: "\(key)=\(string)"
                case .integer(let number)?: "\(key)=\(number)"
                case .decimal(let number)?: "\(key)=\(number)"
                case .bool(let flag)?: "\(key)=\(flag)"
                case .array(let elements)?: "\(key)=[\(elements.count)]"
                case .object?: "\(key)={…}"
                case .null?, nil: nil
                }
            }.joined(separator: " ")
        default: text = CanonicalJSON.encode(payload)
        }
        return text.count > 60 ? String(text.prefix(59)) + "…" : text
    }
}

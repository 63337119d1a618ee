import AccreditEngine
import EvidenceStore
import Statecharts

/// One open deadline of a case, as the stored projection lists it.
public struct CaseDeadline: Hashable, Sendable {
    /// The timer id.
    public var timerID: String
    /// When it falls due.
    public var due: Instant
    /// The event it delivers.
    public var event: String
    /// The id of the `<send>` that scheduled it, if it had one (the workflow's `acc:award-expiry` names one).
    public var sendID: String?
}

/// A line of `case list`: a case's stored projection.
public struct CaseSummary: Hashable, Sendable {
    /// The case id.
    public var caseID: String
    /// The organisation.
    public var organisation: String
    /// The short status (active leaves, or the final state).
    public var status: String
    /// The active states.
    public var configuration: [String]
    /// The number of events.
    public var version: Int64
    /// The open deadlines, earliest first.
    public var deadlines: [CaseDeadline]
    /// When the case's award ends, if it holds one (its workflow's `acc:award-states` and `acc:award-expiry`).
    public var awardUntil: Instant?

    /// The earliest open deadline.
    public var nextDeadline: CaseDeadline? { deadlines.first }

    /// The deadlines already due at `time` but not yet delivered.
    public func overdue(at time: Instant) -> [CaseDeadline] {
        deadlines.filter { $0.due <= time }
    }

    /// Whether the case is in state `state` (its status or any active state).
    public func isIn(_ state: String) -> Bool {
        status == state || configuration.contains(state)
    }
}

extension CaseDesk {
    /// The cases, by id, optionally only one organisation's or those in a state.
    ///
    /// - Throws: ``StoreError`` `.environment` on database errors.
    public func cases(organisation: String? = nil, state: String? = nil) throws -> [CaseSummary] {
        let summaries = try log.heads(organisation: organisation).map { head in
            let deadlines = Self.deadlines(head.projection.deadlines)
            // A pinned definition that no longer loads shows no award here; `case show` reports why.
            let machine = try? definitions(workflow: head.workflow, framework: head.framework).machine
            let expiry = deadlines.first { $0.sendID != nil && $0.sendID == machine?.awardTimer }?.due
            let configuration = head.projection.configuration
            // Held in an award state, or running on while the case is renewed.
            let holdsAward =
                machine.map {
                    !$0.awardStates.isDisjoint(with: configuration)
                        || $0.isRenewing(configuration: configuration, awardTimerPending: expiry != nil)
                } ?? false
            return CaseSummary(
                caseID: head.caseID, organisation: head.organisationID, status: head.projection.status,
                configuration: configuration, version: head.version, deadlines: deadlines,
                awardUntil: holdsAward ? expiry : nil)
        }
        guard let state else { return summaries }
        return summaries.filter { $0.isIn(state) }
    }

    /// Reads a case as an actor: applicants only their own organisation's cases, assessors only those they are
    /// assigned to.
    ///
    /// - Throws: ``CaseRefusal`` `access.organisation` or `access.not-assigned`, or ``StoreError`` `.notFound`.
    public func view(_ caseID: String, as actorID: String) throws -> OpenCase {
        let actor = try authorisedActor(actorID)
        let open = try load(caseID)
        try requireReadable(open, by: actor)
        return open
    }

    /// The events an actor may send to a case now (by the store's clock).
    ///
    /// - Throws: as ``view(_:as:)``.
    public func nextEvents(_ caseID: String, as actorID: String) throws -> [AcceptedEvent] {
        let open = try view(caseID, as: actorID)
        let actor = try directory.actor(actorID)
        return open.definitions.machine.acceptedEvents(roles: actor.roles, state: open.state, at: try now())
    }

    /// Decodes the stored deadlines (`{timer: {due, event}}`) into a list, earliest first.
    static func deadlines(_ value: Value) -> [CaseDeadline] {
        guard case .object(let timers) = value else { return [] }
        return timers.compactMap { id, timer -> CaseDeadline? in
            guard case .object(let fields) = timer, case .string(let due)? = fields["due"],
                let instant = Instant(iso8601: due), case .string(let event)? = fields["event"]
            else { return nil }
            var sendID: String?
            if case .string(let given)? = fields["sendid"] { sendID = given }
            return CaseDeadline(timerID: id, due: instant, event: event, sendID: sendID)
        }.sorted { ($0.due, $0.timerID) < ($1.due, $1.timerID) }
    }
}

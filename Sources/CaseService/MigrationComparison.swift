import AccreditEngine
import Statecharts

/// Folds one run of stored events under two workflow versions side by side and reports the first event they handle
/// differently: the check behind a migration (``CaseDesk/migrationCheck(_:workflow:states:)``), the move itself
/// (``CaseDesk/migrate(_:to:states:by:)``), and the audit of a migrated case. Pure.
struct MigrationComparison {
    /// The version the events were accepted under.
    let pinned: CaseMachine
    /// The version to compare with.
    let candidate: CaseMachine
    /// The states the candidate renamed (old id to new id).
    let states: [String: String]

    /// What folding the events gave.
    struct Outcome {
        /// The check's findings.
        var check: MigrationCheck
        /// The state under the candidate after the last event both folded alike.
        var candidateState: CaseState
        /// The state under the pinned version after the last event.
        var pinnedState: CaseState
    }

    /// Folds `events` from the case's opening under both versions.
    ///
    /// - Parameter visit: Called with each event and the pinned version's state after it (for the audit's snapshot
    ///   comparisons).
    /// - Returns: The outcome, or the event the pinned version itself refuses, with its refusal.
    func run(
        caseID: String, openedAt: Instant, events: some Sequence<EventEnvelope>,
        visit: (EventEnvelope, CaseState) -> Void = { _, _ in }
    ) -> Result<Outcome, PinnedRefusal> {
        let newStates = Set(Self.stateIDs(candidate.document.children))
        let removed = Self.stateIDs(pinned.document.children).filter { !newStates.contains($0) && states[$0] == nil }
        var old = pinned.open(caseID: caseID, at: openedAt)
        var new = candidate.open(caseID: caseID, at: openedAt)
        var compared = 0
        func outcome(_ difference: MigrationCheck.Difference?) -> Outcome {
            Outcome(
                check: MigrationCheck(
                    firstDifference: difference, removedStates: removed, eventsCompared: compared,
                    mappedStates: states),
                candidateState: new, pinnedState: old)
        }
        for envelope in events {
            if case .failure(let refusal) = pinned.fold(envelope, into: &old) {
                return .failure(PinnedRefusal(seq: envelope.seq, refusal: refusal))
            }
            visit(envelope, old)
            compared += 1
            let before = new
            if case .failure(let refusal) = candidate.fold(envelope, into: &new) {
                new = before
                return .success(outcome(Self.refused(envelope, old: old, refusal)))
            }
            if let difference = Self.difference(after: envelope, old: old, new: new, states: states) {
                return .success(outcome(difference))
            }
        }
        return .success(outcome(nil))
    }

    /// The difference when the candidate refuses an event the pinned version took.
    static func refused(_ envelope: EventEnvelope, old: CaseState, _ refusal: CaseRefusal) -> MigrationCheck.Difference
    {
        MigrationCheck.Difference(
            seq: envelope.seq, event: envelope.type, pinnedConfiguration: old.snapshot.configuration,
            newConfiguration: nil, refusal: refusal)
    }

    /// How two versions' states after the same event differ, if they do: the states (old ids renamed as `states`
    /// says), whether the case ended and where, then the pending deadlines (event, time and data; ids may differ),
    /// then the record, the datamodel and what each history state recorded.
    static func difference(after envelope: EventEnvelope, old: CaseState, new: CaseState, states: [String: String])
        -> MigrationCheck.Difference?
    {
        func renamed(_ ids: [String]) -> [String] { ids.map { states[$0] ?? $0 } }
        let sameStates =
            Set(new.snapshot.configuration) == Set(renamed(old.snapshot.configuration))
            && new.snapshot.isHalted == old.snapshot.isHalted
            && new.snapshot.finalState == old.snapshot.finalState.map { states[$0] ?? $0 }
        let (oldDeadlines, newDeadlines) = (deadlines(old), deadlines(new))
        var oldHistory: [String: [String]] = [:]
        for (state, recorded) in old.snapshot.recordedHistory { oldHistory[states[state] ?? state] = renamed(recorded) }
        guard sameStates, oldDeadlines == newDeadlines, new.record == old.record,
            new.snapshot.data == old.snapshot.data,
            new.snapshot.recordedHistory.mapValues(Set.init)
                == oldHistory.mapValues(Set.init)
        else {
            var difference = MigrationCheck.Difference(
                seq: envelope.seq, event: envelope.type, pinnedConfiguration: old.snapshot.configuration,
                newConfiguration: new.snapshot.configuration, refusal: nil)
            if sameStates, oldDeadlines != newDeadlines {
                // The same states, but a deadline set for another time, with other data, or none: a running case's
                // dates would move under it.
                difference.deadlines = (oldDeadlines, newDeadlines)
            } else if sameStates {
                // The same states and dates, but the new version records the event otherwise (another acc:action,
                // award, appeal or scope declaration), assigns its datamodel otherwise, or its history states would
                // restore other states.
                difference.recordDiffers = true
            }
            return difference
        }
        return nil
    }

    /// The event the pinned version itself refuses.
    struct PinnedRefusal: Error {
        /// Its seq.
        var seq: Int64
        /// Why.
        var refusal: CaseRefusal
    }

    /// A state's pending deadlines as `event@time`, with ` data` when the deadline carries data, sorted (their ids
    /// may differ between versions; what falls due when, with what, may not).
    static func deadlines(_ state: CaseState) -> [String] {
        state.snapshot.pendingTimers.map { timer in
            let data = timer.event.data == .null ? "" : " " + CanonicalJSON.encode(timer.event.data)
            return "\(timer.event.name)@\(timer.due.iso8601)\(data)"
        }.sorted()
    }

    /// Every state id under these nodes, in document order.
    static func stateIDs(_ nodes: [StateNode]) -> [String] {
        nodes.flatMap { [$0.id] + stateIDs($0.children) }
    }
}

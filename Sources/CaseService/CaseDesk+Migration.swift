import AccreditEngine
import EvidenceStore
import Statecharts

/// A case moved to another version of its workflow.
public struct MigratedCase {
    /// The `case.migrate` event appended, and the case after it.
    public var outcome: Outcome
    /// What the event records.
    public var migration: CaseMigration
    /// The check that allowed the move (every stored event handled alike).
    public var check: MigrationCheck
}

extension CaseDesk {
    /// Moves a running case to another published version of its workflow (the same framework), when that version
    /// handles every stored event alike: the same states (renamed as `states` says), deadlines and record after
    /// each (``migrationCheck(_:workflow:states:)``). One transaction appends `case.migrate`, repins the case,
    /// replaces the pending deadlines' rows with the new version's (their ids may differ) and stores a snapshot
    /// under the new version; from then on the whole log folds under it.
    ///
    /// A write that loses a race is checked again on the case as it then is (unless `expectedVersion` pins one).
    ///
    /// - Throws: ``CaseRefusal``: `access.cases.migrate` (administrators only, in the new version's roles too),
    ///   `migration.workflow` (another workflow), `migration.same-version`, `migration.ended` (the case has ended),
    ///   `migration.limit` (50 moves already), `migration.mapping`, `migration.incompatible` (with the first
    ///   difference); ``StoreError`` `.definitionNotPublished` for a version that is not published,
    ///   `.caseNotFound`, `.conflict`; ``CaseServiceError`` `.replayFailed` when the case's history does not even
    ///   replay under its own version.
    public func migrate(
        _ caseID: String, to workflow: DefinitionReference, states: [String: String] = [:], by actorID: String,
        expectedVersion: Int64? = nil
    ) throws -> MigratedCase {
        let actor = try require(.migrateCases, by: actorID)
        return try retrying(caseID, pinned: expectedVersion != nil, outcome: \.outcome) { attempt in
            let open = try load(caseID)
            try requireReadable(open, by: actor)
            if let expectedVersion, open.head.version != expectedVersion {
                throw StoreError.conflict(caseID: caseID, actual: open.head.version, expected: expectedVersion)
            }
            let pinned = open.head.workflow
            guard workflow.name == pinned.name else {
                throw CaseRefusal(
                    rule: "migration.workflow",
                    message: "case \(caseID) runs on workflow \(pinned.name); it can move only to another version of "
                        + "it, not to \(workflow.name) (a new workflow is a new case)")
            }
            guard workflow.version != pinned.version else {
                throw CaseRefusal(
                    rule: "migration.same-version",
                    message: "case \(caseID) already runs on \(pinned.name)@\(pinned.version)")
            }
            guard !open.state.snapshot.isHalted else {
                throw CaseRefusal(
                    rule: "migration.ended",
                    message: "case \(caseID) has ended (\(open.state.status)); only a running case is moved")
            }
            let candidate = try definitions(workflow: workflow, framework: open.head.framework)
            // The audit judges the move by the new version's roles: its sender must be an administrator there too.
            guard candidate.machine.roleKinds.kinds(of: actor.roles).contains(.administrator) else {
                throw CaseRefusal(
                    rule: "access.cases.migrate",
                    message: "\(actor.id) holds no role that \(workflow.name)@\(workflow.version) makes an "
                        + "administrator, so the move could not stand in its audit")
            }
            let events = try log.events(of: caseID, through: open.head.version).map(\.envelope)
            let moves = MigrationAudit.migrations(in: events).count
            guard moves < MigrationAudit.limit else {
                throw CaseRefusal(
                    rule: "migration.limit",
                    message: "case \(caseID) has moved to another workflow version \(moves) times, the most a case "
                        + "may; finish it and open a new case on the version you want")
            }
            let compared = try Self.compare(
                head: open.head, events: events, pinned: open.definitions.machine, candidate: candidate.machine,
                states: states)
            guard compared.check.isCompatible else {
                throw CaseRefusal(
                    rule: "migration.incompatible",
                    message: "\(workflow.name)@\(workflow.version) does not handle case \(caseID)'s history as "
                        + "\(pinned.name)@\(pinned.version) does: \(compared.check.summary)")
            }
            let migration = CaseMigration(
                from: CaseMigration.Version(
                    name: pinned.name, version: pinned.version, sha256: open.definitions.workflow.sha256),
                to: CaseMigration.Version(
                    name: workflow.name, version: workflow.version, sha256: candidate.workflow.sha256),
                states: states)
            let time = try now()
            let seq = open.head.version + 1
            var next = compared.candidateState
            let envelope = EventEnvelope(
                caseID: caseID, seq: seq, type: CaseMigration.event, actor: actor.id, occurredAt: time,
                payload: migration.payload, definitionHash: candidate.definitionHash)
            if case .failure(let refusal) = candidate.machine.fold(envelope, into: &next) { throw refusal }
            try beforeAppend?(open)
            let stored = try log.append(
                caseID: caseID, expectedVersion: open.head.version, expectedHead: open.head.headHash,
                events: [
                    NewEvent(type: CaseMigration.event, actor: actor.id, occurredAt: time, payload: migration.payload)
                ],
                definitionHash: candidate.definitionHash,
                projection: CaseProjection(
                    status: next.status, configuration: next.snapshot.configuration, deadlines: next.deadlines),
                timers: Self.timerChanges(from: open.state, to: next),
                alsoStatements: [
                    CaseLog.repinStatement(caseID: caseID, workflow: workflow, since: seq),
                    CaseLog.snapshotStatement(caseID: caseID, seq: seq, snapshot: candidate.machine.encode(next)),
                ])
            var head = open.head
            head.workflow = workflow
            head.pinnedSince = seq
            let moved = OpenCase(head: head, definitions: candidate, state: next)
            var outcome = Outcome(events: stored, state: next)
            outcome.attempts = attempt
            if lockedAppends == nil {
                outcome = committed(outcome, to: moved)
            } else {
                lockedAppends?.append(moved)
            }
            return MigratedCase(outcome: outcome, migration: migration, check: compared.check)
        }
    }

    /// The `timers` rows to change when a case's pending deadlines, the same in what falls due when, are the new
    /// version's: rows whose id, time, event or data differ are cancelled and the new version's scheduled.
    static func timerChanges(from old: CaseState, to new: CaseState) -> [TimerChange] {
        let kept = Set(
            old.snapshot.pendingTimers.filter { timer in new.snapshot.pendingTimers.contains { $0 == timer } }.map(\.id)
        )
        let cancels = old.snapshot.pendingTimers.filter { !kept.contains($0.id) }.map { TimerChange.cancel(id: $0.id) }
        let schedules = new.snapshot.pendingTimers.filter { !kept.contains($0.id) }.map {
            TimerChange.schedule(id: $0.id, due: $0.due, event: $0.event.name, data: $0.event.data)
        }
        return cancels + schedules
    }
}

extension MigrationCheck {
    /// The first difference, or the states left without a name, in a sentence.
    public var summary: String {
        let missing =
            removedStates.isEmpty
            ? nil
            : "it has no state \(removedStates.joined(separator: ", ")) (if it renamed one, map it to its new id)"
        if let difference = firstDifference { return difference.summary + (missing.map { "; " + $0 } ?? "") }
        return missing ?? "every event is handled alike"
    }
}

extension MigrationCheck.Difference {
    /// What the new version does otherwise, in a sentence.
    public var summary: String {
        let at = "event \(seq) (\(event))"
        if let refusal {
            return "it refuses \(at): \(refusal.rule): \(refusal.message)"
        }
        if let deadlines {
            return "after \(at) its deadlines are [\(deadlines.new.joined(separator: " "))], not "
                + "[\(deadlines.pinned.joined(separator: " "))]"
        }
        if recordDiffers {
            return "it records \(at) otherwise (another acc:action, award, appeal or scope declaration, datamodel or "
                + "history)"
        }
        return "after \(at) it is in [\((newConfiguration ?? []).joined(separator: " "))], not "
            + "[\(pinnedConfiguration.joined(separator: " "))]"
    }
}

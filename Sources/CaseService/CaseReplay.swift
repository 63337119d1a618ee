import AccreditEngine
import EvidenceStore
import Statecharts

/// One case's replay for the audit: folds its events from the start, checks each event's sender as the live path
/// would have, and compares what the store keeps beside the chain (projection, timers, snapshots, evidence rows)
/// with the replayed state. The same for the whole-store stream and for named cases.
struct CaseReplay {
    /// The case's stored head and projection.
    let head: CaseHead
    /// The pinned definitions' machine.
    let machine: CaseMachine
    /// The pinned workflow version, with its source's hash.
    let pinned: CaseMigration.Version
    /// The SHA-256 of the pinned framework's source.
    let frameworkSHA: String
    /// The directory, read before the audit.
    let directory: ReplayDirectory
    /// The case's timers, snapshots and evidence rows.
    let side: CaseSideRecords

    /// A replay through pinned definitions.
    init(head: CaseHead, definitions: CaseDefinitions, directory: ReplayDirectory, side: CaseSideRecords) {
        self.head = head
        self.machine = definitions.machine
        self.pinned = CaseMigration.Version(
            name: head.workflow.name, version: head.workflow.version, sha256: definitions.workflow.sha256)
        self.frameworkSHA = definitions.framework.sha256
        self.directory = directory
        self.side = side
    }

    /// Every finding for the case's events (those with `seq <= version`, in order), but those of
    /// ``migrationFindings(_:versions:)``, which need the definitions of the versions the case ran under before.
    func findings(_ events: [EventEnvelope]) -> [AuditFinding] {
        // Snapshots stored before the case's last move to another version are the old version's: compared there.
        let pinnedSince = MigrationAudit.migrations(in: events).last?.seq ?? 0
        var findings = versions.versionFindings(events, pinnedSince: head.pinnedSince)
        var state = machine.open(caseID: head.caseID, at: head.openedAt)
        var scheduledBy: [String: Int64] = [:]
        var snapshots = side.snapshots[...]
        var sender = SenderCache()
        for envelope in events {
            // Events before the case's last move were sent under the version in force then: checked there
            // (``migrationFindings(_:versions:)``).
            if envelope.seq >= pinnedSince {
                findings += senderFindings(envelope, machine: machine, state: &state, cache: &sender)
            }
            switch machine.fold(envelope, into: &state) {
            case .failure(let refusal):
                findings.append(
                    finding(
                        envelope.seq, .replayRejected, expected: "accepted by the workflow", actual: refusal.rule,
                        refusal.message))
                return findings
            case .success(let effects):
                for case .scheduleTimer(let request) in effects { scheduledBy[request.id] = envelope.seq }
            }
            while let snapshot = snapshots.first, snapshot.seq <= envelope.seq {
                snapshots.removeFirst()
                if snapshot.seq == envelope.seq, snapshot.seq >= pinnedSince {
                    findings += snapshotFindings(snapshot, state, machine: machine)
                }
            }
        }
        return findings + projectionFindings(state) + timerFindings(state, scheduledBy: scheduledBy)
            + evidenceFindings(state, events) + visitFindings(state, events) + scopeFindings(events)
    }

    /// The directory's record of the last sender looked up.
    struct SenderCache {
        var id = ""
        var sender = StoredSender.unknown
    }

    /// Whether the sender of an event was allowed to send it, at the state before it, under `machine`'s rules: the
    /// sender, an assignment it makes, the visitors it records, the panel it appoints or that resolves.
    func senderFindings(
        _ envelope: EventEnvelope, machine: CaseMachine, state: inout CaseState, cache: inout SenderCache
    ) -> [AuditFinding] {
        var findings: [AuditFinding] = []
        if envelope.actor != cache.id {
            cache = SenderCache(id: envelope.actor, sender: directory.sender(envelope.actor))
        }
        if let refusal = machine.senderRefusal(
            envelope, from: cache.sender, organisation: head.organisationID, in: &state)
        {
            findings.append(
                finding(
                    envelope.seq, .actorNotAllowed, expected: "a sender allowed to send \(envelope.type)",
                    actual: refusal.rule, "\(envelope.actor) sent \(envelope.type): \(refusal.message)"))
        }
        if case .string(let person)? = envelope.payload["person"],
            let refusal = machine.assignmentRefusal(
                envelope, assignee: directory.sender(person), organisation: head.organisationID)
        {
            findings.append(
                finding(
                    envelope.seq, .actorNotAllowed, expected: "an assignment the rules allowed",
                    actual: refusal.rule, "\(envelope.actor) assigned \(person): \(refusal.message)"))
        }
        if let refusal = machine.visitorRefusal(
            envelope, record: state.record, visitor: directory.sender, organisation: head.organisationID)
        {
            findings.append(
                finding(
                    envelope.seq, .actorNotAllowed, expected: "visitors the assignment rules allowed",
                    actual: refusal.rule,
                    "\(envelope.actor) recorded \(envelope.type) with visitors: \(refusal.message)"))
        }
        if let refusal = machine.panelRefusal(
            envelope, state: state, member: directory.sender, organisation: head.organisationID)
        {
            findings.append(
                finding(
                    envelope.seq, .actorNotAllowed, expected: "a panel the rules allowed", actual: refusal.rule,
                    "\(envelope.actor) sent \(envelope.type) for an appeal panel: \(refusal.message)"))
        }
        return findings
    }

    /// The case's workflow versions, without the definitions of earlier ones.
    private var versions: MigrationAudit {
        migrationAudit { _ in .failure(MigrationAudit.MachineUnavailable(reason: "not loaded")) }
    }

    /// The audit of the case's versions, loading each version a migration names with `machine`.
    func migrationAudit(
        _ machine: @escaping (CaseMigration.Version) -> Result<CaseMachine, MigrationAudit.MachineUnavailable>
    ) -> MigrationAudit {
        MigrationAudit(
            caseID: head.caseID, openedAt: head.openedAt, pinned: pinned, frameworkSHA: frameworkSHA, machine: machine)
    }

    /// The findings of folding the events before each of the case's migrations under the old version and the new,
    /// with each event's sender checked, and the snapshots stored, while the old was in force, by its rules.
    func migrationFindings(
        _ events: [EventEnvelope],
        versions machine: @escaping (CaseMigration.Version) -> Result<CaseMachine, MigrationAudit.MachineUnavailable>
    ) -> [AuditFinding] {
        var snapshots: [Int64: SnapshotDigest] = [:]
        for snapshot in side.snapshots { snapshots[snapshot.seq] = snapshot }
        var sender = SenderCache()
        let inspection = MigrationAudit.Inspection(
            before: { old, envelope, state in
                senderFindings(envelope, machine: old, state: &state, cache: &sender)
            },
            after: { old, envelope, state in
                snapshots[envelope.seq].map { snapshotFindings($0, state, machine: old) } ?? []
            })
        return migrationAudit(machine).comparisonFindings(events, inspection: inspection)
    }

    func finding(_ seq: Int64?, _ kind: AuditFinding.Kind, expected: String, actual: String, _ message: String)
        -> AuditFinding
    {
        AuditFinding(caseID: head.caseID, seq: seq, kind: kind, expected: expected, actual: actual, message: message)
    }
}

extension AuditFinding.Kind {
    /// A stored event that the pinned workflow no longer accepts at its point in the history.
    public static let replayRejected = AuditFinding.Kind(rawValue: "replay-rejected")
    /// The stored projection (status, configuration or deadlines) differs from the replayed state.
    public static let projectionDiffers = AuditFinding.Kind(rawValue: "projection-differs")
    /// A stored event whose sender was not allowed to send it then: unknown, the system outside a due deadline, or a
    /// person whose roles, organisation or declared conflicts the live rules would have refused.
    public static let actorNotAllowed = AuditFinding.Kind(rawValue: "actor-not-allowed")
    /// A deadline the replayed state has pending is not in the `timers` table.
    public static let timerMissing = AuditFinding.Kind(rawValue: "timer-missing")
    /// A `timers` row that the replayed state has no pending deadline for.
    public static let timerUnexpected = AuditFinding.Kind(rawValue: "timer-unexpected")
    /// A `timers` row whose due time, event or data differ from the replayed deadline.
    public static let timerDiffers = AuditFinding.Kind(rawValue: "timer-differs")
    /// A stored snapshot that is not the replayed state at its seq (whatever its own checksum says).
    public static let snapshotDiffers = AuditFinding.Kind(rawValue: "snapshot-differs")
    /// An upload in the log with no evidence row.
    public static let evidenceUnrecorded = AuditFinding.Kind(rawValue: "evidence-unrecorded")
    /// A visit held in the log that the store has no held plan for (or one held by another event).
    public static let visitUnplanned = AuditFinding.Kind(rawValue: "visit-unplanned")
    /// A held visit whose plan says otherwise (its kind, planner, time, complaints or visitors), or a plan held by
    /// no event of the log.
    public static let visitDiffers = AuditFinding.Kind(rawValue: "visit-differs")
    /// A scope declared or asked for in the log naming a service the directory does not hold as the log copied it
    /// (its name, kind or site rewritten in the log, or a service never recorded).
    public static let scopeDiffers = AuditFinding.Kind(rawValue: "scope-differs")
    /// An evidence row whose criterion, status or uploader differ from the replayed case, or that no upload made.
    public static let evidenceDiffers = AuditFinding.Kind(rawValue: "evidence-differs")
}

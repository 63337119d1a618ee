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
    /// The directory, read before the audit.
    let directory: ReplayDirectory
    /// The case's timers, snapshots and evidence rows.
    let side: CaseSideRecords

    /// Every finding for the case's events (those with `seq <= version`, in order).
    func findings(_ events: [EventEnvelope]) -> [AuditFinding] {
        var findings: [AuditFinding] = []
        var state = machine.open(caseID: head.caseID, at: head.openedAt)
        var scheduledBy: [String: Int64] = [:]
        var snapshots = side.snapshots[...]
        var sender = (id: "", sender: StoredSender.unknown)
        for envelope in events {
            if envelope.actor != sender.id { sender = (envelope.actor, directory.sender(envelope.actor)) }
            if let refusal = machine.senderRefusal(
                envelope, from: sender.sender, organisation: head.organisationID, in: &state)
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
                if snapshot.seq == envelope.seq { findings += snapshotFindings(snapshot, state) }
            }
        }
        return findings + projectionFindings(state) + timerFindings(state, scheduledBy: scheduledBy)
            + evidenceFindings(state, events) + visitFindings(state, events) + scopeFindings(events)
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

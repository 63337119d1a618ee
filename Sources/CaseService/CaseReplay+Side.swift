import AccreditEngine
import EvidenceStore
import Statecharts

extension CaseReplay {
    /// The finding when the stored projection is not the replayed state: status and configuration, then deadlines.
    func projectionFindings(_ state: CaseState) -> [AuditFinding] {
        var findings: [AuditFinding] = []
        let stored = head.projection
        if stored.status != state.status || stored.configuration != state.snapshot.configuration {
            findings.append(
                finding(
                    head.version, .projectionDiffers,
                    expected: "\(state.status) [\(state.snapshot.configuration.joined(separator: " "))]",
                    actual: "\(stored.status) [\(stored.configuration.joined(separator: " "))]",
                    "the stored projection is not what replaying the log gives"))
        }
        if stored.deadlines != state.deadlines {
            findings.append(
                finding(
                    head.version, .projectionDiffers, expected: "deadlines \(CanonicalJSON.encode(state.deadlines))",
                    actual: "deadlines \(CanonicalJSON.encode(stored.deadlines))",
                    "the stored deadlines are not what replaying the log gives"))
        }
        return findings
    }

    /// The `timers` rows against the replayed pending deadlines: id, due time, event and data.
    func timerFindings(_ state: CaseState, scheduledBy: [String: Int64]) -> [AuditFinding] {
        var rows: [String: TimerRow] = [:]
        for row in side.timers { rows[row.timer.timerID] = row }
        var findings: [AuditFinding] = []
        for pending in state.snapshot.pendingTimers {
            let expected = Self.describe(pending.id, pending.due, pending.event.name, pending.event.data)
            let seq = scheduledBy[pending.id]
            guard let row = rows.removeValue(forKey: pending.id) else {
                findings.append(
                    finding(
                        seq, .timerMissing, expected: expected, actual: "no timers row",
                        "a pending deadline is not in the timers table, so it would never be delivered"))
                continue
            }
            let stored = row.timer
            if stored.due != pending.due || stored.event != pending.event.name || stored.data != pending.event.data {
                findings.append(
                    finding(
                        seq ?? row.setBySeq, .timerDiffers, expected: expected,
                        actual: Self.describe(stored.timerID, stored.due, stored.event, stored.data),
                        "the timers row is not the deadline replay schedules"))
            }
        }
        for row in rows.values.sorted(by: { $0.timer.timerID < $1.timer.timerID }) {
            let stored = row.timer
            findings.append(
                finding(
                    row.setBySeq, .timerUnexpected, expected: "no timer \(stored.timerID)",
                    actual: Self.describe(stored.timerID, stored.due, stored.event, stored.data),
                    "the timers table holds a deadline replay does not have pending"))
        }
        return findings
    }

    private static func describe(_ id: String, _ due: Instant, _ event: String, _ data: Value) -> String {
        "timer \(id) due \(due.iso8601) delivering \(event) \(CanonicalJSON.encode(data))"
    }

    /// A stored snapshot against the replayed state at its seq, by the SHA-256 of the stored text.
    func snapshotFindings(_ snapshot: SnapshotDigest, _ state: CaseState, machine: CaseMachine) -> [AuditFinding] {
        let replayed = CaseLog.snapshotDigest(machine.encode(state))
        guard replayed != snapshot.sha256 else { return [] }
        // A snapshot stored by a build before format 4 matches the replayed state in that format (never loaded).
        if let legacy = machine.legacyEncoding(state), CaseLog.snapshotDigest(legacy) == snapshot.sha256 { return [] }
        return [
            finding(
                snapshot.seq, .snapshotDiffers, expected: "snapshot sha256 \(replayed)",
                actual: "snapshot sha256 \(snapshot.sha256)",
                "the stored snapshot is not the replayed state at this seq; loading the case from it would show a "
                    + "false state")
        ]
    }

    /// The evidence rows against the replayed case record: one row per uploaded item, with its criterion, status and
    /// uploader.
    func evidenceFindings(_ state: CaseState, _ events: [EventEnvelope]) -> [AuditFinding] {
        var rows: [String: EvidenceRow] = [:]
        for row in side.evidence { rows[row.evidenceID] = row }
        var findings: [AuditFinding] = []
        for (id, item) in state.record.evidence.sorted(by: { $0.key < $1.key }) {
            let expected = "criterion \(item.criterion), \(item.status), uploaded by \(item.uploadedBy)"
            guard let row = rows.removeValue(forKey: id) else {
                let seq = events.first { $0.payload["evidence"] == .string(id) }?.seq
                findings.append(
                    finding(
                        seq, .evidenceUnrecorded, expected: "evidence \(id): \(expected)", actual: "no evidence row",
                        "the log uploaded evidence that has no evidence row"))
                continue
            }
            if row.criterion != item.criterion || row.status != item.status || row.uploadedBy != item.uploadedBy {
                findings.append(
                    finding(
                        row.recordedSeq, .evidenceDiffers, expected: "evidence \(id): \(expected)",
                        actual:
                            "evidence \(id): criterion \(row.criterion), \(row.status), uploaded by \(row.uploadedBy)",
                        "the evidence row is not what replaying the log gives"))
            }
        }
        for row in rows.values.sorted(by: { $0.evidenceID < $1.evidenceID }) {
            findings.append(
                finding(
                    row.recordedSeq, .evidenceDiffers, expected: "no evidence \(row.evidenceID)",
                    actual: "evidence \(row.evidenceID)", "an evidence row that no upload in the log made"))
        }
        return findings
    }

    /// Each visit the log holds against the store's plan held by that very event: same plan, same details; and no
    /// plan held by an event the log does not have.
    func visitFindings(_ state: CaseState, _ events: [EventEnvelope]) -> [AuditFinding] {
        var rows: [String: HeldVisitRow] = [:]
        for row in side.heldVisits { rows[row.visit] = row }
        var findings: [AuditFinding] = []
        for visit in state.record.visitsInOrder {
            let seq = events.first {
                machine.action(of: $0.type) == .holdVisit && $0.payload["visit"] == .string(visit.id)
            }?.seq
            let expected =
                "\(visit.kind), planned by \(visit.plannedBy) at \(visit.plannedAt.iso8601), complaints "
                + "\(visit.complaints.map(\.reference)), visitors \(visit.visitors)"
            guard let row = rows.removeValue(forKey: visit.id), row.seq == seq else {
                findings.append(
                    finding(
                        seq, .visitUnplanned,
                        expected: "visit \(visit.id) held by event \(seq.map(String.init) ?? "?")",
                        actual: "no plan held by it", "the log holds a visit the store has no plan held by that event"))
                continue
            }
            let actual =
                "\(row.kind), planned by \(row.plannedBy) at \(row.plannedAt.iso8601), complaints "
                + "\(row.complaints), visitors \(row.visitors)"
            if actual != expected {
                findings.append(
                    finding(
                        seq, .visitDiffers, expected: "visit \(visit.id): \(expected)", actual: "the plan: \(actual)",
                        "the held visit is not what its plan says"))
            }
        }
        for row in rows.values.sorted(by: { $0.visit < $1.visit }) {
            findings.append(
                finding(
                    row.seq, .visitDiffers, expected: "no visit \(row.visit) held", actual: "plan \(row.visit) held",
                    "a plan recorded as held by an event the log does not have"))
        }
        return findings
    }

    /// Each service a `declare-scope` or `request-scope-change` event copied against the directory's (sites and
    /// services are appended, never changed, so the copy must still be exact).
    func scopeFindings(_ events: [EventEnvelope]) -> [AuditFinding] {
        var findings: [AuditFinding] = []
        let recorded = Set(side.directoryServices)
        for envelope in events {
            let action = machine.action(of: envelope.type)
            guard action == .declareScope || action == .requestScopeChange,
                let services = CaseMachine.decodeServices(envelope.payload["services"])
            else { continue }
            for service in services where !recorded.contains(service) {
                findings.append(
                    finding(
                        envelope.seq, .scopeDiffers,
                        expected: "service \(service.code) in the directory as \(service.name), \(service.kind), at "
                            + "\(service.site) (\(service.siteName))",
                        actual: side.directoryServices.first { $0.code == service.code }.map {
                            "\($0.name), \($0.kind), at \($0.site) (\($0.siteName))"
                        } ?? "no such service",
                        "the scope names a service the directory does not hold as the log says"))
            }
        }
        return findings
    }
}

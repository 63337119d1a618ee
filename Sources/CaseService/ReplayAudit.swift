import AccreditEngine
import EvidenceStore
import Statecharts

/// The audit check that replays each case through its pinned workflow and framework (from the database, never from
/// disk): every event must still be accepted at its point in the history, and the stored projection must equal the
/// replayed state.
public struct ReplayAudit: AuditCheck {
    /// The desk used to load (and so replay) cases.
    public let desk: CaseDesk

    /// Creates the check.
    public init(desk: CaseDesk) {
        self.desk = desk
    }

    /// `replay`.
    public var name: String { "replay" }

    /// Replays every case in scope: the whole store streamed in one pass, named cases one by one.
    public func run(_ scope: AuditScope) throws(StoreError) -> AuditReport {
        switch scope {
        case .cases(let ids): return try replay(ids)
        case .all: return try replayAll()
        }
    }

    /// Replays every case from one read of the store (``CaseLog/forEachCase(_:)``), reporting what
    /// ``replay(_:)`` reports for each.
    private func replayAll() throws(StoreError) -> AuditReport {
        var report = AuditReport(counts: ["cases replayed": 0])
        // Every pinned pair is loaded first: nothing may use the connection while the COPY streams.
        var loaded: [String: Result<CaseDefinitions, DefinitionsUnavailable>] = [:]
        for pair in try pinnedPairs() {
            do {
                loaded[pair.key] = .success(try desk.definitions(workflow: pair.workflow, framework: pair.framework))
            } catch {
                loaded[pair.key] = .failure(DefinitionsUnavailable(reason: "\(error)"))
            }
        }
        try desk.log.forEachCase { streamed in
            report.counts["cases replayed", default: 0] += 1
            let head = streamed.head
            let key = Self.key(head.workflow, head.framework)
            let events: [EventEnvelope]
            switch streamed.events {
            case .success(let read): events = read
            case .failure(let error):
                report.findings.append(
                    AuditFinding(
                        caseID: head.caseID, seq: nil, kind: .replayRejected, expected: "readable events",
                        actual: "unreadable", message: error.message))
                return
            }
            let definitions: CaseDefinitions
            switch loaded[key] {
            case .success(let found)?:
                definitions = found
            case .failure(let unavailable)?:
                report.findings.append(
                    AuditFinding(
                        caseID: head.caseID, seq: nil, kind: .replayRejected,
                        expected: "loadable definitions and events",
                        actual: unavailable.reason, message: "the case cannot be replayed"))
                return
            case nil:
                report.findings.append(
                    AuditFinding(
                        caseID: head.caseID, seq: nil, kind: .replayRejected,
                        expected: "loadable definitions and events",
                        actual: "a case opened during the audit", message: "the case was not replayed; audit it again"))
                return
            }
            var state = definitions.machine.open(caseID: head.caseID, at: head.openedAt)
            for envelope in events {
                if case .failure(let refusal) = definitions.machine.fold(envelope, into: &state) {
                    report.findings.append(
                        AuditFinding(
                            caseID: head.caseID, seq: envelope.seq, kind: .replayRejected,
                            expected: "accepted by the workflow", actual: refusal.rule, message: refusal.message))
                    return
                }
            }
            report.findings += Self.projectionFindings(head, state)
        }
        return report
    }

    /// Why a pinned pair of definitions could not be loaded.
    private struct DefinitionsUnavailable: Error {
        let reason: String
    }

    /// The workflow and framework versions the cases pin, each pair once.
    private func pinnedPairs() throws(StoreError) -> [(
        key: String, workflow: DefinitionReference, framework: DefinitionReference
    )] {
        try desk.log.pinnedDefinitions().map { pinned in
            (Self.key(pinned.workflow, pinned.framework), pinned.workflow, pinned.framework)
        }
    }

    private static func key(_ workflow: DefinitionReference, _ framework: DefinitionReference) -> String {
        "\(workflow.name)\u{1f}\(workflow.version)\u{1f}\(framework.name)\u{1f}\(framework.version)"
    }

    /// The finding when the stored projection is not the replayed state.
    private static func projectionFindings(_ head: CaseHead, _ state: CaseState) -> [AuditFinding] {
        let stored = head.projection
        guard stored.status != state.status || stored.configuration != state.snapshot.configuration else { return [] }
        return [
            AuditFinding(
                caseID: head.caseID, seq: head.version, kind: .projectionDiffers,
                expected: "\(state.status) [\(state.snapshot.configuration.joined(separator: " "))]",
                actual: "\(stored.status) [\(stored.configuration.joined(separator: " "))]",
                message: "the stored projection is not what replaying the log gives")
        ]
    }

    /// Replays named cases one by one, each loaded in full.
    private func replay(_ caseIDs: [String]) throws(StoreError) -> AuditReport {
        var report = AuditReport(counts: ["cases replayed": 0])
        for caseID in caseIDs {
            report.counts["cases replayed", default: 0] += 1
            let open: OpenCase
            do {
                open = try desk.loadFullReplay(caseID)
            } catch let failure as CaseServiceError where failure.code == .replayFailed {
                report.findings.append(
                    AuditFinding(
                        caseID: caseID, seq: failure.seq, kind: .replayRejected, expected: "accepted by the workflow",
                        actual: failure.refusal?.rule ?? "", message: failure.refusal?.message ?? failure.message))
                continue
            } catch let error as StoreError {
                if error.code == .corrupt {
                    report.findings.append(
                        AuditFinding(
                            caseID: caseID, seq: nil, kind: .replayRejected, expected: "readable events",
                            actual: "unreadable", message: error.message))
                    continue
                }
                throw error
            } catch {
                report.findings.append(
                    AuditFinding(
                        caseID: caseID, seq: nil, kind: .replayRejected, expected: "loadable definitions and events",
                        actual: "\(error)", message: "the case cannot be replayed"))
                continue
            }
            report.findings += Self.projectionFindings(open.head, open.state)
        }
        return report
    }
}

extension AuditFinding.Kind {
    /// A stored event that the pinned workflow no longer accepts at its point in the history.
    public static let replayRejected = AuditFinding.Kind(rawValue: "replay-rejected")
    /// The stored projection differs from the replayed state.
    public static let projectionDiffers = AuditFinding.Kind(rawValue: "projection-differs")
}

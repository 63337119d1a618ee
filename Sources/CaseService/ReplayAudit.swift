import AccreditEngine
import EvidenceStore

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

    /// Replays every case in scope.
    public func run(_ scope: AuditScope) throws(StoreError) -> AuditReport {
        let caseIDs: [String]
        switch scope {
        case .cases(let ids): caseIDs = ids
        case .all:
            do {
                caseIDs = try desk.connection.query("SELECT case_id FROM cases ORDER BY case_id").map {
                    try $0["case_id"].string()
                }
            } catch {
                throw StoreError(code: .environment, message: "cannot list cases: \(error)")
            }
        }
        var report = AuditReport(counts: ["cases replayed": 0])
        for caseID in caseIDs {
            report.counts["cases replayed", default: 0] += 1
            let open: OpenCase
            do {
                open = try desk.loadFullReplay(caseID)
            } catch let refusal as ReplayFailure {
                report.findings.append(
                    AuditFinding(
                        caseID: caseID, seq: refusal.seq, kind: .replayRejected, expected: "accepted by the workflow",
                        actual: refusal.refusal.rule, message: refusal.refusal.message))
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
            let stored = open.head.projection
            if stored.status != open.state.status || stored.configuration != open.state.snapshot.configuration {
                report.findings.append(
                    AuditFinding(
                        caseID: caseID, seq: open.head.version, kind: .projectionDiffers,
                        expected: "\(open.state.status) [\(open.state.snapshot.configuration.joined(separator: " "))]",
                        actual: "\(stored.status) [\(stored.configuration.joined(separator: " "))]",
                        message: "the stored projection is not what replaying the log gives"))
            }
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

import AccreditEngine
import EvidenceStore
import Statecharts

/// The audit check that replays each case through its pinned workflow and framework (from the database, never from
/// disk) and holds everything stored about the case to what replay computes: every event must still be accepted at
/// its point in the history, from a sender allowed to send it then; the stored projection (status, configuration,
/// deadlines), the `timers` rows, every stored snapshot and the evidence rows must equal the replayed state.
public struct ReplayAudit: AuditCheck {
    /// The desk used to load (and so replay) cases.
    public let desk: CaseDesk

    /// Creates the check.
    public init(desk: CaseDesk) {
        self.desk = desk
    }

    /// `replay`.
    public var name: String { "replay" }

    /// Replays every case in scope: the whole store streamed in one pass, named cases one by one. Both routes read
    /// the directory and the side records first and report the same findings through ``CaseReplay``.
    public func run(_ scope: AuditScope) throws(StoreError) -> AuditReport {
        let directory = try ReplayDirectory(desk.directory)
        let side = try desk.log.sideRecords(scope)
        switch scope {
        case .cases(let ids): return try replay(ids, directory: directory, side: side)
        case .all: return try replayAll(directory: directory, side: side)
        }
    }

    /// Replays every case from one read of the store (``CaseLog/forEachCase(_:)``), reporting what
    /// ``replay(_:directory:side:)`` reports for each.
    private func replayAll(directory: ReplayDirectory, side: [String: CaseSideRecords]) throws(StoreError)
        -> AuditReport
    {
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
            let events: [EventEnvelope]
            switch streamed.events {
            case .success(let read): events = read
            case .failure(let error):
                report.findings.append(Self.unreadable(head.caseID, error))
                return
            }
            switch loaded[Self.key(head.workflow, head.framework)] {
            case .success(let definitions)?:
                let replay = CaseReplay(
                    head: head, machine: definitions.machine, directory: directory,
                    side: side[head.caseID] ?? CaseSideRecords())
                report.findings += replay.findings(events)
            case .failure(let unavailable)?:
                report.findings.append(Self.unloadable(head.caseID, unavailable.reason))
            case nil:
                report.findings.append(
                    AuditFinding(
                        caseID: head.caseID, seq: nil, kind: .replayRejected,
                        expected: "loadable definitions and events",
                        actual: "a case opened during the audit", message: "the case was not replayed; audit it again"))
            }
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

    /// Replays named cases one by one, each read in full (never from a snapshot).
    private func replay(_ caseIDs: [String], directory: ReplayDirectory, side: [String: CaseSideRecords])
        throws(StoreError) -> AuditReport
    {
        var report = AuditReport(counts: ["cases replayed": 0])
        for caseID in caseIDs {
            report.counts["cases replayed", default: 0] += 1
            let head = try desk.log.head(of: caseID)
            let events: [EventEnvelope]
            do {
                events = try desk.log.events(of: caseID, through: head.version).map(\.envelope)
            } catch  where error.code == .corrupt {
                report.findings.append(Self.unreadable(caseID, error))
                continue
            }
            let definitions: CaseDefinitions
            do {
                definitions = try desk.definitions(workflow: head.workflow, framework: head.framework)
            } catch {
                report.findings.append(Self.unloadable(caseID, "\(error)"))
                continue
            }
            let replay = CaseReplay(
                head: head, machine: definitions.machine, directory: directory,
                side: side[caseID] ?? CaseSideRecords())
            report.findings += replay.findings(events)
        }
        return report
    }

    private static func unreadable(_ caseID: String, _ error: StoreError) -> AuditFinding {
        AuditFinding(
            caseID: caseID, seq: nil, kind: .replayRejected, expected: "readable events", actual: "unreadable",
            message: error.message)
    }

    private static func unloadable(_ caseID: String, _ reason: String) -> AuditFinding {
        AuditFinding(
            caseID: caseID, seq: nil, kind: .replayRejected, expected: "loadable definitions and events",
            actual: reason, message: "the case cannot be replayed")
    }
}

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
        let pinned = try desk.log.pinnedDefinitions()
        for pair in pinned {
            do {
                loaded[Self.key(pair.workflow, pair.framework)] = .success(
                    try desk.definitions(workflow: pair.workflow, framework: pair.framework))
            } catch {
                loaded[Self.key(pair.workflow, pair.framework)] = .failure(
                    DefinitionsUnavailable(reason: "\(error)"))
            }
        }
        // A case that was moved ran under other versions of its workflow before: every published version of each
        // pinned workflow is loaded too (there are few), so that moves are checked inside the stream, whatever the
        // store's record of which cases moved says.
        let workflows = try desk.catalog.all(.workflow)
        var earlier: [String: Result<CaseDefinitions, DefinitionsUnavailable>] = [:]
        for pair in pinned {
            for version in workflows where version.reference.name == pair.workflow.name {
                let key = Self.key(version.reference, pair.framework)
                guard earlier[key] == nil else { continue }
                earlier[key] =
                    loaded[key]
                    ?? Result { try desk.definitions(workflow: version.reference, framework: pair.framework) }
                    .mapError { DefinitionsUnavailable(reason: "\($0)") }
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
                    head: head, definitions: definitions, directory: directory,
                    side: side[head.caseID] ?? CaseSideRecords())
                report.findings += replay.findings(events)
                report.findings += replay.migrationFindings(
                    events,
                    versions: Self.versions { earlier[Self.key($0, head.framework)] ?? .failure(Self.unpublished($0)) })
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

    /// The workflow versions a case's migrations name, from `definitions` (the case's framework with a version of
    /// its workflow): each must hash to what the migration recorded.
    private static func versions(
        _ definitions: @escaping (DefinitionReference) -> Result<CaseDefinitions, DefinitionsUnavailable>
    ) -> (CaseMigration.Version) -> Result<CaseMachine, MigrationAudit.MachineUnavailable> {
        { version in
            switch definitions(DefinitionReference(name: version.name, version: version.version)) {
            case .failure(let unavailable):
                return .failure(MigrationAudit.MachineUnavailable(reason: "\(version.label): \(unavailable.reason)"))
            case .success(let loaded):
                guard loaded.workflow.sha256 == version.sha256 else {
                    return .failure(
                        MigrationAudit.MachineUnavailable(
                            reason: "the catalog's \(version.label) hashes to \(loaded.workflow.sha256), not the "
                                + "recorded \(version.sha256)"))
                }
                return .success(loaded.machine)
            }
        }
    }

    private static func unpublished(_ reference: DefinitionReference) -> DefinitionsUnavailable {
        DefinitionsUnavailable(
            reason: "\(reference.name)@\(reference.version) was not published when the audit began (or the case moved "
                + "during it): audit the case again")
    }

    /// Why a pinned pair of definitions could not be loaded.
    private struct DefinitionsUnavailable: Error {
        let reason: String
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
                head: head, definitions: definitions, directory: directory, side: side[caseID] ?? CaseSideRecords())
            report.findings += replay.findings(events)
            report.findings += replay.migrationFindings(
                events,
                versions: Self.versions { [desk] reference in
                    Result { try desk.definitions(workflow: reference, framework: head.framework) }
                        .mapError { DefinitionsUnavailable(reason: "\($0)") }
                })
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

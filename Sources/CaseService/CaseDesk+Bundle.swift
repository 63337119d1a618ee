import AccreditEngine
import EvidenceStore
import Foundation
import Statecharts

extension CaseDesk {
    /// Takes a checkpoint (verify, then sign: ``publishCheckpoint(key:)``) when the case has events the latest
    /// checkpoint does not cover, so that a bundle exported next is fully covered.
    ///
    /// - Parameter minimumAge: Seconds that must have passed since the newest checkpoint (whoever took it) before
    ///   another is taken; checked under the checkpoint lock, so concurrent requests cannot slip past it.
    /// - Returns: The new checkpoint, or nil when the latest already covers the case's head.
    /// - Throws: ``CheckpointRefusal`` with the findings, ``StoreError``, or ``CheckpointTooSoon`` when the newest
    ///   checkpoint is younger than `minimumAge`.
    public func checkpointCovering(
        _ caseID: String, key: SigningKey, minimumAge: Int64 = 0
    ) throws -> CheckpointPublication? {
        if let latest = try checkpoints.latest(), try checkpoint(latest, covers: caseID) { return nil }
        try checkpoints.lock()
        defer { checkpoints.unlock() }
        let previous = try checkpoints.latest()
        if let previous {
            if try checkpoint(previous, covers: caseID) { return nil }
            let age = (try now().microsecondsSinceEpoch - previous.createdAt.microsecondsSinceEpoch) / 1_000_000
            if age < minimumAge { throw CheckpointTooSoon(retryAfterSeconds: minimumAge - max(age, 0)) }
        }
        return try signNextCheckpoint(key: key, previous: previous)
    }

    /// Whether a checkpoint holds a case's current head (every event of the case is covered).
    ///
    /// - Throws: ``StoreError`` (`.caseNotFound` for an unknown case).
    public func checkpoint(_ checkpoint: Checkpoint, covers caseID: String) throws -> Bool {
        let head = try log.head(of: caseID)
        return checkpoint.head(of: caseID) == CheckpointHead(caseID: caseID, version: head.version, head: head.headHash)
    }

    /// Builds a case's self-contained audit bundle from the database: events and hashes, the pinned definitions'
    /// sources, evidence metadata (and file contents when `withFiles`), and the latest checkpoint's signed fields with
    /// the case's head and inclusion proof (nil when no checkpoint covers the case).
    ///
    /// - Throws: ``StoreError`` (`.caseNotFound` for an unknown case), or ``CaseServiceError``
    ///   `.evidenceFileUnreadable` when an evidence file cannot be read.
    public func exportBundle(_ caseID: String, withFiles: Bool) throws -> CaseBundle {
        let head = try log.head(of: caseID)
        let workflow = try catalog.definition(.workflow, head.workflow)
        let framework = try catalog.definition(.framework, head.framework)
        let events = try log.events(of: caseID, through: .max).map {
            ChainRecord(envelope: $0.envelope, previousHash: $0.previousHash, hash: $0.hash)
        }
        var evidence: [CaseBundle.Evidence] = []
        for record in try evidenceRecords.records(caseID: caseID) {
            var content: [UInt8]?
            if withFiles {
                guard let data = FileManager.default.contents(atPath: blobs.path(of: record.sha256)) else {
                    throw CaseServiceError(
                        code: .evidenceFileUnreadable,
                        message:
                            "evidence \(record.evidenceID) of case \(caseID): file \(record.sha256) cannot be read",
                        caseID: caseID, evidenceID: record.evidenceID)
                }
                content = Array(data)
            }
            evidence.append(CaseBundle.Evidence(record: record, content: content))
        }
        var proof: CaseBundle.CheckpointProof?
        if let checkpoint = try checkpoints.latest(),
            let caseHead = checkpoint.head(of: caseID), let inclusion = checkpoint.inclusionProof(of: caseID)
        {
            proof = CaseBundle.CheckpointProof(
                createdAt: checkpoint.createdAt, treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash,
                signature: checkpoint.signature, publicKey: checkpoint.publicKey, head: caseHead,
                leafIndex: inclusion.index, path: inclusion.path, formatTag: checkpoint.formatTag,
                sequence: checkpoint.sequence, previousRoot: checkpoint.previousRoot)
        }
        return CaseBundle(
            caseID: caseID, organisationID: head.organisationID, openedAt: head.openedAt, version: head.version,
            headHash: head.headHash, projection: head.projection,
            workflow: CaseBundle.Definition(
                name: head.workflow.name, version: head.workflow.version, sha256: workflow.sha256,
                source: workflow.source),
            framework: CaseBundle.Definition(
                name: head.framework.name, version: head.framework.version, sha256: framework.sha256,
                source: framework.source),
            events: events, evidence: evidence, checkpoint: proof,
            earlierWorkflows: earlierWorkflows(events.map(\.envelope)))
    }

    /// The workflow versions a case ran under before its migrations, each once, in order, from the catalog.
    private func earlierWorkflows(_ events: [EventEnvelope]) -> [CaseBundle.Definition] {
        var seen: Set<CaseMigration.Version> = []
        var definitions: [CaseBundle.Definition] = []
        for recorded in MigrationAudit.migrations(in: events) where seen.insert(recorded.migration.from).inserted {
            let version = recorded.migration.from
            // A version the catalog lacks (a forged move) is left out: verifying the bundle then says so.
            guard
                let stored = try? catalog.definition(
                    .workflow, DefinitionReference(name: version.name, version: version.version))
            else { continue }
            definitions.append(
                CaseBundle.Definition(
                    name: version.name, version: version.version, sha256: stored.sha256, source: stored.source))
        }
        return definitions
    }
}

/// A checkpoint was asked for too soon after the newest one.
public struct CheckpointTooSoon: Error, Hashable, Sendable, CustomStringConvertible {
    /// Seconds until one may be taken.
    public var retryAfterSeconds: Int64

    /// Creates the refusal.
    public init(retryAfterSeconds: Int64) {
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// What happened and what to do.
    public var description: String {
        "a checkpoint was taken less than a minute ago; one covering this case can be taken in \(retryAfterSeconds) "
            + "seconds: export again then (or ask an auditor)"
    }
}

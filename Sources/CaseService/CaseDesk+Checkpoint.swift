import AccreditEngine
import EvidenceStore
import Statecharts

extension CaseDesk {
    /// Verifies everything since the latest checkpoint, then signs and stores the next one over every case head.
    ///
    /// Under the store's checkpoint lock (concurrent publishers take turns), this reads the latest checkpoint and
    /// every case's head, and refuses to sign when:
    /// - the latest checkpoint does not verify under `key` (`checkpoint-signature`);
    /// - a case it covers is gone, moved back, or changed its head at the same version (``Checkpoint/consistencyFindings(after:)``);
    /// - for every case changed since (``AuditScope/changed(since:current:)``): its chain from genesis does not give
    ///   the latest checkpoint's head and the head about to be signed, its evidence does not match, or a replay
    ///   through its pinned definitions rejects an event or disagrees with its projection (``auditChecks(against:)``).
    ///
    /// The cost is proportional to what changed since the latest checkpoint, plus one read of every head.
    ///
    /// - Parameter key: The installation's signing key.
    /// - Returns: The checkpoint, its predecessor and what was checked.
    /// - Throws: ``CheckpointRefusal`` with every finding; ``StoreError`` on database errors, or `.conflict` when the
    ///   table already holds a successor.
    public func publishCheckpoint(key: SigningKey) throws -> CheckpointPublication {
        try checkpoints.lock()
        defer { checkpoints.unlock() }
        return try signNextCheckpoint(key: key, previous: try checkpoints.latest())
    }

    /// Verifies and signs the checkpoint after `previous`; the caller holds the checkpoint lock.
    func signNextCheckpoint(key: SigningKey, previous: Checkpoint?) throws -> CheckpointPublication {
        let (heads, headFindings) = try checkpoints.currentHeads()
        let time = try now()
        let sequence = (previous?.sequence ?? 0) + 1
        let candidate = Checkpoint(
            createdAt: time, treeSize: Int64(heads.count), rootHash: [], heads: Self.sorted(heads), signature: [],
            publicKey: key.publicKey, sequence: sequence, previousRoot: previous?.rootHash ?? HashChain.genesis)
        var report = AuditReport(findings: headFindings)
        let scope: AuditScope
        if let previous {
            // The previous checkpoint may be signed by a key retired since (rotation): any key the store registered.
            let registered = TrustedKeys(publicKeys: try signingKeys.all().map(\.publicKey) + [key.publicKey])
            for problem in previous.problems(trusting: registered) {
                report.findings.append(
                    AuditFinding(
                        caseID: "", seq: nil, kind: .checkpointSignature,
                        expected: "checkpoint \(previous.sequence) signed by one of the store's signing keys",
                        actual: problem, message: "the latest checkpoint does not verify under the store's keys"))
            }
            report.findings += candidate.consistencyFindings(after: previous)
            scope = .changed(since: previous, current: heads)
        } else {
            scope = .all
        }
        let checks = auditChecks(againstAll: [previous, candidate].compactMap { $0 })
        report.merge(try StoreAudit(checks: checks).run(scope))
        guard report.isClean else { throw CheckpointRefusal(sequence: sequence, findings: report.findings) }
        let checkpoint = try checkpoints.sign(heads, after: previous, key: key, at: time)
        try checkpoints.append(checkpoint)
        let changed: Int
        if case .cases(let ids) = scope { changed = ids.count } else { changed = heads.count }
        return CheckpointPublication(
            checkpoint: checkpoint, previous: previous, checked: report.counts, changedCases: changed)
    }

    /// Takes a checkpoint when the latest is older than the store's `checkpoint.interval` and some case changed
    /// since (or when there is none yet and there are cases): the scheduled checkpoint of a timers run.
    ///
    /// - Parameter key: The installation's signing key.
    /// - Returns: The publication, or nil when none was due.
    /// - Throws: ``CheckpointRefusal``, ``StoreError``.
    public func publishCheckpointIfDue(key: SigningKey) throws -> CheckpointPublication? {
        let latest = try checkpoints.latest()
        let interval = try settings.current().checkpointInterval
        if let latest, try now().microsecondsSinceEpoch - latest.createdAt.microsecondsSinceEpoch < interval * 1_000_000
        {
            return nil
        }
        let (heads, _) = try checkpoints.currentHeads()
        if let latest {
            guard case .cases(let changed) = AuditScope.changed(since: latest, current: heads),
                !changed.isEmpty || heads.count != latest.heads.count
            else { return nil }
        } else if heads.isEmpty {
            return nil
        }
        return try publishCheckpoint(key: key)
    }

    /// The latest stored checkpoint, if any.
    ///
    /// - Throws: ``StoreError`` on database errors or an unreadable row.
    public func latestCheckpoint() throws -> Checkpoint? {
        try checkpoints.latest()
    }

    /// The stored chain of checkpoints from a sequence on, oldest first.
    ///
    /// - Throws: ``StoreError`` on database errors or an unreadable row.
    public func checkpointChain(from sequence: Int64) throws -> [Checkpoint] {
        try checkpoints.chain(from: sequence)
    }

    /// Heads sorted bytewise by case id, as a checkpoint keeps them.
    static func sorted(_ heads: [CheckpointHead]) -> [CheckpointHead] {
        heads.sorted { $0.caseID.utf8.lexicographicallyPrecedes($1.caseID.utf8) }
    }
}

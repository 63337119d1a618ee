import AccreditEngine
import EvidenceStore
import Statecharts

extension CaseDesk {
    /// The checks of a full audit over this desk's store: hash chains and heads (and, given a verified checkpoint,
    /// history up to it), evidence files against their records, and replay through the pinned definitions.
    ///
    /// - Parameter checkpoint: A verified checkpoint whose histories must be unchanged, if any.
    /// - Returns: The checks, for a ``StoreAudit``.
    public func auditChecks(against checkpoint: Checkpoint? = nil) -> [any AuditCheck] {
        [
            ChainAudit(log: log, checkpoint: checkpoint), EvidenceAudit(registry: evidenceRecords, blobs: blobs),
            ReplayAudit(desk: self),
        ]
    }

    /// Signs a Merkle root over every case head and records it (see ``CheckpointLog/publish(key:at:)``).
    ///
    /// - Parameters:
    ///   - key: The installation's signing key.
    ///   - time: The time to record.
    /// - Returns: The checkpoint and its id.
    /// - Throws: ``StoreError`` when a stored head disagrees with its log, or on database errors.
    public func publishCheckpoint(key: SigningKey, at time: Instant) throws(StoreError) -> (
        id: Int64, checkpoint: Checkpoint
    ) {
        try checkpoints.publish(key: key, at: time)
    }

    /// A check of the evidence files against their records, ready to run.
    public func evidenceFsck() -> EvidenceFsck {
        EvidenceFsck(registry: evidenceRecords, blobs: blobs)
    }
}

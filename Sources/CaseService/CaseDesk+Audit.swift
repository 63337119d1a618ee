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
        auditChecks(againstAll: checkpoint.map { [$0] } ?? [])
    }

    /// The checks of a full audit, with histories compared with every head a list of verified checkpoints recorded
    /// (a trusted checkpoint and the stored chain after it).
    ///
    /// - Parameter checkpoints: Verified checkpoints whose histories must be unchanged.
    /// - Returns: The checks, for a ``StoreAudit``.
    public func auditChecks(againstAll checkpoints: [Checkpoint]) -> [any AuditCheck] {
        [
            ChainAudit(log: log, checkpoints: checkpoints), EvidenceAudit(registry: evidenceRecords, blobs: blobs),
            ReplayAudit(desk: self),
        ]
    }

    /// The checks of a full audit, with histories compared with recorded claims (every head any stored checkpoint
    /// recorded, say: ``CheckpointLog/storedClaims()``).
    ///
    /// - Parameter claims: The (version, head) pairs each case's history must recompute to, by case.
    /// - Returns: The checks, for a ``StoreAudit``.
    public func auditChecks(claims: [String: [CaseHeadClaim]]) -> [any AuditCheck] {
        [
            ChainAudit(log: log, claims: claims), EvidenceAudit(registry: evidenceRecords, blobs: blobs),
            ReplayAudit(desk: self),
        ]
    }

    /// A check of the evidence files against their records, ready to run.
    public func evidenceFsck() -> EvidenceFsck {
        EvidenceFsck(registry: evidenceRecords, blobs: blobs)
    }
}

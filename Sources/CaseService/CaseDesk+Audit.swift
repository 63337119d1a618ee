import AccreditEngine
import EvidenceStore

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
}

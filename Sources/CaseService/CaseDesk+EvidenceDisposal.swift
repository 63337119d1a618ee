import AccreditEngine
import EvidenceStore

extension CaseDesk {
    /// Disposes of an orphaned evidence file as an administrator: a stored file that no evidence row of any case
    /// references (left by an upload that never committed, or by a file swapped out of a case). The decision is
    /// recorded first, with who and why, in an append-only log; then the file is deleted. Until this is done, the
    /// audit reports the file (`evidence-orphaned`) and no repair deletes it.
    ///
    /// - Parameters:
    ///   - sha256: The file's address.
    ///   - reason: Why it may go (kept in the log).
    ///   - actorID: The administrator.
    /// - Throws: ``CaseRefusal`` `access.evidence.dispose`, or `evidence.referenced` when evidence still names the
    ///   file; ``StoreError`` `.evidenceFileNotFound` when no such file is stored, `.invalid` for a malformed hash or
    ///   an empty reason, `.fileRefused` when the file cannot be deleted (the decision stays recorded; a repair
    ///   deletes it later).
    public func discardEvidenceFile(_ sha256: String, reason: String, by actorID: String) throws {
        let actor = try require(.disposeEvidence, by: actorID)
        guard blobs.storedHashes().contains(sha256) else {
            throw StoreError(
                code: .evidenceFileNotFound, message: "no evidence file \(sha256) is stored; check the SHA-256")
        }
        guard try !evidenceRecords.isReferenced(sha256) else {
            throw CaseRefusal(
                rule: "evidence.referenced",
                message: "evidence file \(sha256) is referenced by evidence of a case and is kept with it; only "
                    + "orphaned files may be disposed of")
        }
        try evidenceRecords.recordDisposal(of: sha256, by: actor.id, reason: reason)
        try blobs.remove(sha256)
    }
}

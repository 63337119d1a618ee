import AccreditEngine
import EvidenceStore
import Statecharts

extension CaseDesk {
    /// Runs every audit check over a scope against checkpoints, and states which events no checkpoint covers.
    ///
    /// With a published checkpoint (already verified against a trusted key by the caller), the store's chain of
    /// checkpoints from it on is checked too: the store must hold the published checkpoint at its sequence, and
    /// every later one must be signed by the trusted key and extend its predecessor
    /// (``Checkpoint/consistencyFindings(after:)``); the history is then compared with every head any of them
    /// recorded, so a rewrite before a later checkpoint is caught even when a still later one was signed over it.
    /// Without one, the newest stored checkpoint's signature is checked. Either way, the history is also compared with
    /// every head any stored checkpoint recorded (``CheckpointLog/storedClaims()``).
    ///
    /// - Parameters:
    ///   - scope: The cases to audit.
    ///   - published: A checkpoint kept outside the store and verified against `trusted`, if any.
    ///   - trusted: The installation's published keys, when the auditor has them.
    /// - Returns: The report (checkpoint-chain findings first) and the coverage.
    /// - Throws: ``StoreError`` on database errors or a named case that does not exist.
    public func verifyStore(
        _ scope: AuditScope, since published: Checkpoint?, trusted: TrustedKeys?
    ) throws -> StoreVerification {
        var chainFindings: [AuditFinding] = []
        var against: [Checkpoint] = []
        if let published {
            against = [published]
            if published.isChained {
                let stored = try checkpoints.chain(from: published.sequence)
                chainFindings += Self.published(published, in: stored)
                var previous = published
                for next in stored where next.sequence > published.sequence {
                    chainFindings += Self.signatureFindings(next, trusted: trusted)
                    chainFindings += next.consistencyFindings(after: previous)
                    against.append(next)
                    previous = next
                }
            }
        } else if let latest = try checkpoints.latest() {
            chainFindings += Self.signatureFindings(latest, trusted: trusted)
            against = [latest]
        }
        // Every head any stored checkpoint recorded holds too, not only the newest's: a checkpoint appended over a
        // rewrite does not hide what an earlier stored one says.
        var claims = try checkpoints.storedClaims()
        for checkpoint in against {
            for head in checkpoint.heads { claims[head.caseID, default: []].append(head.claim) }
        }
        var report = try StoreAudit(checks: auditChecks(claims: claims)).run(scope)
        report.findings = chainFindings + report.findings
        let newest = against.last
        var heads = try checkpoints.currentHeads().heads
        if case .cases(let ids) = scope {
            let wanted = Set(ids)
            heads = heads.filter { wanted.contains($0.caseID) }
        }
        let uncovered =
            newest?.uncovered(in: Self.sorted(heads))
            ?? Self.sorted(heads).filter { $0.version > 0 }.map {
                UncoveredEvents(caseID: $0.caseID, first: 1, last: $0.version)
            }
        return StoreVerification(
            report: report,
            coverage: CheckpointCoverage(
                sequence: newest?.sequence, createdAt: newest?.createdAt, uncovered: uncovered))
    }

    /// Whether the store's chain holds the published checkpoint at its sequence.
    private static func published(_ published: Checkpoint, in stored: [Checkpoint]) -> [AuditFinding] {
        guard let first = stored.first, first.sequence == published.sequence else {
            return [
                AuditFinding(
                    caseID: "", seq: nil, kind: .checkpointChain,
                    expected: "checkpoint \(published.sequence) with root \(HashChain.hex(published.rootHash))",
                    actual: "no checkpoint \(published.sequence)",
                    message: "the store's checkpoint chain no longer holds the published checkpoint")
            ]
        }
        guard first.rootHash == published.rootHash, first.previousRoot == published.previousRoot else {
            return [
                AuditFinding(
                    caseID: "", seq: nil, kind: .checkpointChain, expected: HashChain.hex(published.rootHash),
                    actual: HashChain.hex(first.rootHash),
                    message: "the store's checkpoint \(published.sequence) is not the published one: the checkpoint "
                        + "table was rewritten or forked")
            ]
        }
        return []
    }

    /// A finding for each reason a stored checkpoint does not verify (under the trusted key, when given).
    private static func signatureFindings(_ checkpoint: Checkpoint, trusted: TrustedKeys?) -> [AuditFinding] {
        checkpoint.problems(trusting: trusted).map { problem in
            AuditFinding(
                caseID: "", seq: nil, kind: .checkpointSignature,
                expected: trusted == nil ? "a valid signature" : "signed by a trusted key", actual: problem,
                message: "the store's checkpoint \(checkpoint.sequence) does not verify")
        }
    }
}

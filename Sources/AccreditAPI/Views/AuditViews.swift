import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// How audits, checkpoints, timer runs and evidence checks look in the API (and in the command-line tool's
/// `--json`).
public enum AuditViews {
    /// An audit: `{clean, counts, findings, coverage?, store?}`; `store` says whether it is a sandbox, whose times
    /// come from a simulated clock.
    public static func report(
        _ report: AuditReport, store: StoreSettingValues? = nil, coverage: CheckpointCoverage? = nil
    ) -> Value {
        var object: [String: Value] = [
            "clean": .bool(report.isClean), "counts": .object(report.counts.mapValues(Value.integer)),
            "findings": .array(report.findings.map(\.value)),
        ]
        if let coverage { object["coverage"] = self.coverage(coverage) }
        if let store {
            object["store"] = [
                "sandbox": .bool(store.sandbox),
                "clock": store.simulatedClock.map { .string($0.iso8601) } ?? .string("server"),
            ]
        }
        return .object(object)
    }

    /// Coverage: `{checkpoint, createdAt, uncoveredEvents, uncoveredCases, uncovered: [{case, from, to}]}`.
    public static func coverage(_ coverage: CheckpointCoverage) -> Value {
        [
            "checkpoint": coverage.sequence.map(Value.integer) ?? .null,
            "createdAt": coverage.createdAt.map { .string($0.iso8601) } ?? .null,
            "uncoveredEvents": .integer(coverage.events), "uncoveredCases": .integer(Int64(coverage.cases)),
            "uncovered": .array(
                coverage.uncovered.map {
                    ["case": .string($0.caseID), "from": .integer($0.first), "to": .integer($0.last)]
                }
            ),
        ]
    }

    /// A refused checkpoint: `{signed: false, checkpoint, findings}`.
    public static func refusal(_ refusal: CheckpointRefusal) -> Value {
        [
            "signed": .bool(false), "checkpoint": .integer(refusal.sequence),
            "findings": .array(refusal.findings.map(\.value)),
        ]
    }

    /// A checkpoint just signed: `{checkpoint, createdAt, treeSize, rootHash, previousRoot, publicKey, published,
    /// changedCases, previousCheckpoint, document}`; `published` is where the server's checkpoint directory keeps it
    /// (null when none), `document` the signed checkpoint file's text.
    public static func publication(_ publication: CheckpointPublication, published: String?) -> Value {
        let checkpoint = publication.checkpoint
        return [
            "checkpoint": .integer(checkpoint.sequence), "createdAt": .string(checkpoint.createdAt.iso8601),
            "treeSize": .integer(checkpoint.treeSize), "rootHash": .string(HashChain.hex(checkpoint.rootHash)),
            "previousRoot": .string(HashChain.hex(checkpoint.previousRoot)),
            "publicKey": .string(HashChain.hex(checkpoint.publicKey)),
            "published": published.map(Value.string) ?? .null,
            "changedCases": .integer(Int64(publication.changedCases)),
            "previousCheckpoint": publication.previous.map { .integer($0.sequence) } ?? .null,
            "document": .string(checkpoint.fileText),
        ]
    }

    /// An evidence check's finding: `{kind, subject, evidence, repaired, action}`.
    public static func fsck(_ finding: EvidenceFsck.Finding) -> Value {
        [
            "kind": .string(finding.kind.rawValue), "subject": .string(finding.subject),
            "evidence": .array(finding.evidence.map(Value.string)), "repaired": .bool(finding.repaired),
            "action": .string(finding.action),
        ]
    }
}

import AccreditEngine
import EvidenceStore

/// A checkpoint that was not signed: verifying everything since the previous checkpoint found problems, and a
/// checkpoint never signs over a finding (it would launder a rewrite).
public struct CheckpointRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// The sequence the refused checkpoint would have had.
    public var sequence: Int64
    /// Every finding, ordered by case, then seq.
    public var findings: [AuditFinding]

    /// Creates a refusal.
    public init(sequence: Int64, findings: [AuditFinding]) {
        self.sequence = sequence
        self.findings = findings
    }

    /// One sentence: how many problems, and the first.
    public var description: String {
        let since = sequence > 1 ? " since checkpoint \(sequence - 1)" : ""
        return "checkpoint \(sequence) was not signed: verifying the store\(since) found \(findings.count) "
            + "problem(s)" + (findings.first.map { " (first: \($0))" } ?? "")
    }
}

/// A checkpoint signed and stored after the store verified clean since the previous one.
public struct CheckpointPublication: Sendable {
    /// The new checkpoint.
    public var checkpoint: Checkpoint
    /// The checkpoint it follows, if any.
    public var previous: Checkpoint?
    /// What the verification before signing looked at (counts by kind: cases, events, evidence, cases replayed).
    public var checked: [String: Int64]
    /// The cases that changed since the previous checkpoint (every case for the first).
    public var changedCases: Int
}

import Statecharts

extension Checkpoint {
    /// Every way this checkpoint fails to extend `previous` (RFC 9162's append-only property, over case heads):
    /// it must name `previous` as its predecessor (the next sequence, `previous`'s root), and every case `previous`
    /// covers must still be there at the same or a later version, with the same head where the version is unchanged.
    ///
    /// That the history up to each earlier head still recomputes to it is a property of the stored events, which
    /// the chain audit checks (``ChainVerifier`` with the earlier checkpoint's heads as claims).
    ///
    /// - Parameter previous: The checkpoint this one claims to follow.
    /// - Returns: The findings: `checkpoint-chain` for a broken link (with an empty case id), `checkpoint-truncated`
    ///   for a case dropped or moved back, `checkpoint-head` for a case whose head changed at the same version.
    public func consistencyFindings(after previous: Checkpoint) -> [AuditFinding] {
        var findings: [AuditFinding] = []
        if isChained && previous.isChained && sequence != previous.sequence + 1 {
            findings.append(
                AuditFinding(
                    caseID: "", seq: nil, kind: .checkpointChain, expected: "sequence \(previous.sequence + 1)",
                    actual: "sequence \(sequence)",
                    message: "checkpoint \(sequence) does not follow checkpoint "
                        + "\(previous.sequence)"))
        }
        if isChained && previousRoot != previous.rootHash {
            findings.append(
                AuditFinding(
                    caseID: "", seq: nil, kind: .checkpointChain, expected: HashChain.hex(previous.rootHash),
                    actual: HashChain.hex(previousRoot),
                    message: "checkpoint \(sequence) does not sign the root of checkpoint \(previous.sequence) as "
                        + "its predecessor (a fork, or a rewritten checkpoint)"))
        }
        for earlier in previous.heads {
            guard let now = head(of: earlier.caseID) else {
                if earlier.version > 0 {
                    findings.append(
                        AuditFinding(
                            caseID: earlier.caseID, seq: earlier.version, kind: .checkpointTruncated,
                            expected: "\(earlier.version) events", actual: "no case",
                            message: "a case checkpoint \(previous.sequence) covers is missing from checkpoint "
                                + "\(sequence)"))
                }
                continue
            }
            if now.version < earlier.version {
                findings.append(
                    AuditFinding(
                        caseID: earlier.caseID, seq: earlier.version, kind: .checkpointTruncated,
                        expected: "at least \(earlier.version) events", actual: "\(now.version) events",
                        message: "events checkpoint \(previous.sequence) covers are missing from checkpoint "
                            + "\(sequence)"))
            } else if now.version == earlier.version && now.head != earlier.head {
                findings.append(
                    AuditFinding(
                        caseID: earlier.caseID, seq: earlier.version, kind: .checkpointHead,
                        expected: HashChain.hex(earlier.head), actual: HashChain.hex(now.head),
                        message: "the history up to this seq differs from what checkpoint \(previous.sequence) "
                            + "signed"))
            }
        }
        return findings
    }

    /// The events after this checkpoint in a set of current heads: for each case, those past the version it
    /// records (every event of a case it does not cover).
    ///
    /// - Parameter current: The heads now, such as the store's.
    /// - Returns: The uncovered ranges, by case id.
    public func uncovered(in current: [CheckpointHead]) -> [UncoveredEvents] {
        current.compactMap { now in
            let covered = head(of: now.caseID)?.version ?? 0
            guard now.version > covered else { return nil }
            return UncoveredEvents(caseID: now.caseID, first: covered + 1, last: now.version)
        }
    }
}

/// A run of a case's events that no checkpoint covers yet: seq `first` through `last`.
public struct UncoveredEvents: Hashable, Sendable {
    /// The case.
    public var caseID: String
    /// The first uncovered seq.
    public var first: Int64
    /// The last uncovered seq (the case's version).
    public var last: Int64

    /// Creates a run.
    public init(caseID: String, first: Int64, last: Int64) {
        self.caseID = caseID
        self.first = first
        self.last = last
    }

    /// The number of events in the run.
    public var count: Int64 { last - first + 1 }
}

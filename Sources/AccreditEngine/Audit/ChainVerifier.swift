import Crypto
import Statecharts

/// Checks one case's stored events, streamed in seq order, against the hash chain rules, and the case's stored head
/// and an optional checkpointed head against the chain. Collects every finding rather than stopping at the first.
///
/// Each event is checked on its own (its hash against its own stored previous hash, its link against the event
/// before it), so a single edited row is pinpointed at its seq instead of breaking everything after it. Alongside,
/// the chain is recomputed from genesis over the stored content, which is what a checkpoint's head is compared with.
public struct ChainVerifier: Sendable {
    /// The case being checked.
    public let caseID: String
    /// What the checks found so far.
    public internal(set) var findings: [AuditFinding] = []
    /// The number of events checked.
    public internal(set) var eventCount: Int64 = 0
    /// The highest seq seen.
    public internal(set) var lastSeq: Int64 = 0
    /// The chain head recomputed from genesis over every event seen, ignoring the stored hashes.
    public internal(set) var recomputedHead: [UInt8] = HashChain.genesis
    var lastStoredHash: [UInt8] = HashChain.genesis
    /// The versions and heads trusted checkpoints recorded, by version (none at version 0).
    let claims: [CaseHeadClaim]
    /// The recomputed head at each claim's version, in claim order, as far as the events reached (nil: skipped).
    var claimedHeads: [[UInt8]?] = []
    var hasher = EnvelopeHasher()
    /// The case id's UTF-8 bytes, to match raw records against.
    let caseIDBytes: [UInt8]
    /// How many events were checked straight from raw bytes.
    var rawChecks: Int64 = 0

    /// Starts checking a case.
    ///
    /// - Parameters:
    ///   - caseID: The case whose events will be fed.
    ///   - checkpoint: The version and head a trusted checkpoint recorded for the case, if any.
    public init(caseID: String, checkpoint: CaseHeadClaim? = nil) {
        self.init(caseID: caseID, checkpoints: checkpoint.map { [$0] } ?? [])
    }

    /// Starts checking a case against every head a chain of checkpoints recorded for it.
    ///
    /// - Parameters:
    ///   - caseID: The case whose events will be fed.
    ///   - checkpoints: The versions and heads checkpoints recorded for the case, in any order; repeats are merged.
    public init(caseID: String, checkpoints: [CaseHeadClaim]) {
        self.caseID = caseID
        self.claims = Set(checkpoints.filter { $0.version > 0 }).sorted {
            $0.version != $1.version ? $0.version < $1.version : $0.head.lexicographicallyPrecedes($1.head)
        }
        self.caseIDBytes = Array(caseID.utf8)
    }

    /// Records the recomputed head for every claim at `seq` (and marks claims the events skipped past).
    @inline(__always)
    mutating func captureClaims(at seq: Int64) {
        while claimedHeads.count < claims.count && claims[claimedHeads.count].version <= seq {
            claimedHeads.append(claims[claimedHeads.count].version == seq ? recomputedHead : nil)
        }
    }

    /// Checks the next stored event: its case, seq, payload form, hash and link.
    public mutating func check(_ record: ChainRecord) {
        let envelope = record.envelope
        let seq = envelope.seq
        if envelope.caseID != caseID {
            report(seq, .wrongCase, expected: caseID, actual: envelope.caseID, "the event is stored under another case")
        }
        checkSequence(seq)
        let digest = envelopeDigest(record)
        let matches = EnvelopeHasher.equal(digest, record.hash)
        if !matches {
            report(
                seq, .hashMismatch, expected: HashChain.hex(Array(digest)), actual: HashChain.hex(record.hash),
                "the event's content no longer matches its stored hash")
        }
        if record.previousHash != lastStoredHash {
            report(
                seq, .brokenLink, expected: HashChain.hex(lastStoredHash), actual: HashChain.hex(record.previousHash),
                "the stored previous hash is not the hash of the event before it")
        }
        if record.previousHash == recomputedHead {
            recomputedHead = matches ? record.hash : Array(digest)
        } else {
            recomputedHead = Array(hasher.digest(after: recomputedHead))
        }
        if claimedHeads.count < claims.count { captureClaims(at: seq) }
        lastStoredHash = record.hash
        lastSeq = max(lastSeq, seq)
        eventCount += 1
    }

    /// Encodes the record's canonical envelope into the hasher and returns its hash after the stored previous hash.
    ///
    /// With stored payload text, the text itself is hashed first: when that matches the stored hash, the text is the
    /// exact canonical payload that was hashed, with no parsing needed. Otherwise the text is parsed and re-encoded
    /// to tell an edited payload (hash mismatch) from reformatted or broken text.
    private mutating func envelopeDigest(_ record: ChainRecord) -> SHA256Digest {
        let envelope = record.envelope
        guard let text = record.storedPayload else {
            hasher.encode(envelope)
            return hasher.digest(after: record.previousHash)
        }
        hasher.encode(envelope, payload: .text(text))
        let rawDigest = hasher.digest(after: record.previousHash)
        if EnvelopeHasher.equal(rawDigest, record.hash) { return rawDigest }
        let raw = Array(text.utf8)
        guard let parsed = try? CanonicalJSON.parse(raw) else {
            report(
                envelope.seq, .payloadUnreadable, expected: "JSON", actual: Self.excerpt(text),
                "the payload text is not valid JSON")
            return rawDigest
        }
        let canonical = CanonicalJSON.encodedBytes(parsed)
        if canonical != raw {
            report(
                envelope.seq, .payloadNotCanonical, expected: Self.excerpt(String(decoding: canonical, as: UTF8.self)),
                actual: Self.excerpt(text), "the payload text was rewritten outside Accredit")
        }
        hasher.encode(envelope, payload: .bytes(canonical))
        return hasher.digest(after: record.previousHash)
    }

    private mutating func checkSequence(_ seq: Int64) {
        let expected = lastSeq + 1
        if seq == expected { return }
        if seq > expected {
            report(
                seq, .seqGap, expected: "seq \(expected)", actual: "seq \(seq)", "events are missing before this one")
        } else if seq == lastSeq {
            report(seq, .seqDuplicate, expected: "seq \(expected)", actual: "seq \(seq)", "the seq is used twice")
        } else {
            report(seq, .seqOrder, expected: "seq \(expected)", actual: "seq \(seq)", "the events are out of order")
        }
    }

    /// Ends the case: compares the log with the case's stored head and with the checkpoint.
    ///
    /// - Parameter stored: The version and head hash stored in the case's projection, when it has one.
    /// - Returns: Every finding for the case.
    public mutating func finish(stored: CaseHeadClaim?) -> [AuditFinding] {
        if let stored {
            if stored.version != lastSeq {
                report(
                    min(stored.version, lastSeq) + 1, .headVersion, expected: "version \(lastSeq)",
                    actual: "version \(stored.version)", "the case's stored version is not the number of events")
            } else if stored.head != lastStoredHash {
                report(
                    lastSeq, .headHash, expected: HashChain.hex(lastStoredHash), actual: HashChain.hex(stored.head),
                    "the case's stored head is not its last event's hash")
            }
        }
        for (index, claim) in claims.enumerated() {
            if index < claimedHeads.count, let recomputed = claimedHeads[index] {
                if recomputed != claim.head {
                    report(
                        claim.version, .checkpointHead, expected: HashChain.hex(claim.head),
                        actual: HashChain.hex(recomputed),
                        "the history up to this seq was rewritten after the checkpoint")
                }
            } else if !findings.contains(where: { $0.kind == .checkpointTruncated }) {
                report(
                    claim.version, .checkpointTruncated, expected: "\(claim.version) events",
                    actual: "\(lastSeq) events", "events the checkpoint covers were removed")
            }
        }
        return findings
    }

    /// Checks a whole case at once.
    ///
    /// - Parameters:
    ///   - caseID: The case.
    ///   - records: Its stored events, in the order stored (by seq).
    ///   - stored: The version and head stored in its projection.
    ///   - checkpoint: The version and head a trusted checkpoint recorded, if any.
    /// - Returns: Every finding, in event order, then head and checkpoint findings.
    public static func verify(
        caseID: String, records: some Sequence<ChainRecord>, stored: CaseHeadClaim?, checkpoint: CaseHeadClaim? = nil
    ) -> [AuditFinding] {
        var verifier = ChainVerifier(caseID: caseID, checkpoint: checkpoint)
        for record in records { verifier.check(record) }
        return verifier.finish(stored: stored)
    }

    private mutating func report(
        _ seq: Int64, _ kind: AuditFinding.Kind, expected: String, actual: String, _ message: String
    ) {
        findings.append(
            AuditFinding(caseID: caseID, seq: seq, kind: kind, expected: expected, actual: actual, message: message))
    }

    /// At most 120 characters of a text, for findings that quote payloads.
    static func excerpt(_ text: String) -> String {
        text.count <= 120 ? text : String(text.prefix(117)) + "..."
    }
}

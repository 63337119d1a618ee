import Statecharts

/// One problem an audit found: which case and event, which rule, and what was expected against what was found.
public struct AuditFinding: Hashable, Sendable, CustomStringConvertible {
    /// A stable rule name, such as `hash-mismatch`; other checkers (replay) add their own kinds.
    public struct Kind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The rule name as printed and in JSON.
        public var rawValue: String

        /// Creates a kind from its rule name.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The rule name.
        public var description: String { rawValue }

        /// An event's stored hash is not SHA-256(its stored previous hash ‖ its canonical envelope).
        public static let hashMismatch = Kind(rawValue: "hash-mismatch")
        /// An event's stored previous hash is not the hash of the event before it (genesis for seq 1).
        public static let brokenLink = Kind(rawValue: "broken-link")
        /// A seq is missing: the events jump from N-1 to a later number.
        public static let seqGap = Kind(rawValue: "seq-gap")
        /// The same seq appears twice.
        public static let seqDuplicate = Kind(rawValue: "seq-duplicate")
        /// A seq is lower than the one before it.
        public static let seqOrder = Kind(rawValue: "seq-order")
        /// An event names another case than the one it is stored under.
        public static let wrongCase = Kind(rawValue: "wrong-case")
        /// The stored payload text is valid JSON but not in canonical form.
        public static let payloadNotCanonical = Kind(rawValue: "payload-not-canonical")
        /// The stored payload text is not valid JSON.
        public static let payloadUnreadable = Kind(rawValue: "payload-unreadable")
        /// The case's stored version is not the number of events in its log.
        public static let headVersion = Kind(rawValue: "head-version")
        /// The case's stored head hash is not the last event's hash.
        public static let headHash = Kind(rawValue: "head-hash")
        /// Recomputing the chain up to a checkpointed version does not give the checkpointed head.
        public static let checkpointHead = Kind(rawValue: "checkpoint-head")
        /// A case the checkpoint covers has fewer events now than it had then, or no longer exists.
        public static let checkpointTruncated = Kind(rawValue: "checkpoint-truncated")
        /// A checkpoint does not follow the one before it: another sequence or predecessor root (a fork, a
        /// rewritten checkpoint table), or a published checkpoint the store's chain does not contain.
        public static let checkpointChain = Kind(rawValue: "checkpoint-chain")
        /// A checkpoint's signature does not verify, or was not made by the trusted key.
        public static let checkpointSignature = Kind(rawValue: "checkpoint-signature")
        /// Events that no checkpoint covers yet, where coverage is required (a bundle).
        public static let checkpointUncovered = Kind(rawValue: "checkpoint-uncovered")
        /// No checkpoint at all, where one is required (a bundle verified against a trusted key).
        public static let checkpointMissing = Kind(rawValue: "checkpoint-missing")
        /// An evidence file is not in the blob store.
        public static let evidenceMissing = Kind(rawValue: "evidence-missing")
        /// An evidence file's content no longer hashes to its recorded SHA-256.
        public static let evidenceCorrupt = Kind(rawValue: "evidence-corrupt")
        /// An evidence row disagrees with the upload event that recorded it.
        public static let evidenceMetadata = Kind(rawValue: "evidence-metadata")
    }

    /// The case.
    public var caseID: String
    /// The event involved, when the problem is tied to one.
    public var seq: Int64?
    /// The rule broken.
    public var kind: Kind
    /// What the rule expected, such as a recomputed hash.
    public var expected: String
    /// What is stored.
    public var actual: String
    /// One sentence for people: what this means.
    public var message: String

    /// Creates a finding.
    public init(caseID: String, seq: Int64?, kind: Kind, expected: String, actual: String, message: String) {
        self.caseID = caseID
        self.seq = seq
        self.kind = kind
        self.expected = expected
        self.actual = actual
        self.message = message
    }

    /// `case C seq N: kind: expected …, found … (message)`; for a finding tied to no case (an empty id), `checkpoints:`
    /// when it is about the checkpoint chain and `store:` otherwise (an orphaned evidence file).
    public var description: String {
        let place =
            caseID.isEmpty
            ? (kind.rawValue.hasPrefix("checkpoint") ? "checkpoints" : "store")
            : seq.map { "case \(caseID) seq \($0)" } ?? "case \(caseID)"
        return "\(place): \(kind): expected \(expected), found \(actual) (\(message))"
    }

    /// The finding as a JSON object, for `--json` output and bundles.
    public var value: Value {
        var object: [String: Value] = [
            "case": .string(caseID), "kind": .string(kind.rawValue), "expected": .string(expected),
            "actual": .string(actual), "message": .string(message),
        ]
        object["seq"] = seq.map(Value.integer) ?? .null
        return .object(object)
    }
}

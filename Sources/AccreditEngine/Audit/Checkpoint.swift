import Statecharts

/// A signed Merkle root over every case's head at one moment (RFC 9162 style), kept by auditors so they can later
/// prove that no case history before it was rewritten.
///
/// The leaves are the canonical JSON of each ``CheckpointHead``, sorted by case id. Checkpoints form a chain: each
/// signs its predecessor's root and its own sequence number. The Ed25519 signature covers the canonical JSON of
/// `{"createdAt", "format", "previousRoot", "rootHash", "sequence", "treeSize"}` (format `accredit-checkpoint/2`;
/// files of format `/1` sign the same object without `previousRoot` and `sequence`, and are still read and verified);
/// the heads are bound through the root.
public struct Checkpoint: Hashable, Sendable {
    /// The format tag of checkpoints made now, in the file and the signed statement.
    public static let format = "accredit-checkpoint/2"
    /// The format tag of the first, unchained checkpoints, still read and verified.
    public static let legacyFormat = "accredit-checkpoint/1"

    /// This checkpoint's format tag: ``format``, or ``legacyFormat`` for an unchained one.
    public var formatTag: String
    /// Its number in the chain: 1 for the first; 0 for a ``legacyFormat`` file, which does not say.
    public var sequence: Int64
    /// The root of the checkpoint before it (``HashChain/genesis``, 32 zero bytes, for the first).
    public var previousRoot: [UInt8]
    /// When it was taken.
    public var createdAt: Instant
    /// The number of leaves (cases).
    public var treeSize: Int64
    /// The Merkle tree hash over the heads.
    public var rootHash: [UInt8]
    /// Every case's head, sorted by case id.
    public var heads: [CheckpointHead]
    /// The Ed25519 signature over ``signedBytes``.
    public var signature: [UInt8]
    /// The raw 32-byte Ed25519 public key that made the signature.
    public var publicKey: [UInt8]

    /// Creates a checkpoint from its parts, as read back; use ``sign(heads:createdAt:key:sequence:previousRoot:)`` to
    /// make one.
    public init(
        createdAt: Instant, treeSize: Int64, rootHash: [UInt8], heads: [CheckpointHead], signature: [UInt8],
        publicKey: [UInt8], formatTag: String = Checkpoint.format, sequence: Int64 = 1,
        previousRoot: [UInt8] = HashChain.genesis
    ) {
        self.formatTag = formatTag
        self.sequence = sequence
        self.previousRoot = previousRoot
        self.createdAt = createdAt
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.heads = heads
        self.signature = signature
        self.publicKey = publicKey
    }

    /// Builds and signs a checkpoint over `heads`.
    ///
    /// - Parameters:
    ///   - heads: Every case's head, in any order; they are sorted by case id.
    ///   - createdAt: The time to record.
    ///   - key: The Ed25519 signing key.
    ///   - sequence: Its number in the chain (1 for the first).
    ///   - previousRoot: The root of the checkpoint before it (``HashChain/genesis`` for the first).
    /// - Returns: The signed checkpoint.
    /// - Throws: ``CheckpointError`` when the heads repeat a case or signing fails.
    public static func sign(
        heads: [CheckpointHead], createdAt: Instant, key: Ed25519Key, sequence: Int64 = 1,
        previousRoot: [UInt8] = HashChain.genesis
    ) throws(CheckpointError) -> Checkpoint {
        let sorted = heads.sorted { $0.caseID.utf8.lexicographicallyPrecedes($1.caseID.utf8) }
        for (first, second) in zip(sorted, sorted.dropFirst()) where first.caseID == second.caseID {
            throw CheckpointError("case \(first.caseID) appears twice in the checkpoint heads")
        }
        var checkpoint = Checkpoint(
            createdAt: createdAt, treeSize: Int64(sorted.count), rootHash: Self.tree(sorted).rootHash,
            heads: sorted, signature: [], publicKey: key.publicKey, sequence: sequence, previousRoot: previousRoot)
        do {
            checkpoint.signature = try key.sign(checkpoint.signedBytes)
        } catch {
            throw CheckpointError("the checkpoint could not be signed: \(error)")
        }
        return checkpoint
    }

    /// The Merkle tree over heads in the given order.
    static func tree(_ heads: [CheckpointHead]) -> MerkleTree {
        MerkleTree(leaves: heads.map(\.leaf))
    }

    /// The statement the signature covers.
    public var signedBytes: [UInt8] { CanonicalJSON.encodedBytes(.object(signedFields)) }

    /// The signed fields: format, time, size and root, and for a chained checkpoint its sequence and predecessor.
    public var signedFields: [String: Value] {
        var fields: [String: Value] = [
            "format": .string(formatTag), "createdAt": .string(createdAt.iso8601),
            "treeSize": .integer(treeSize), "rootHash": .string(HashChain.hex(rootHash)),
        ]
        if isChained {
            fields["sequence"] = .integer(sequence)
            fields["previousRoot"] = .string(HashChain.hex(previousRoot))
        }
        return fields
    }

    /// Whether the checkpoint signs its place in the chain (format ``format``, not ``legacyFormat``).
    public var isChained: Bool { formatTag != Self.legacyFormat }

    /// The head recorded for a case, if the checkpoint covers it.
    public func head(of caseID: String) -> CheckpointHead? {
        var low = 0
        var high = heads.count
        while low < high {
            let middle = (low + high) / 2
            let candidate = heads[middle].caseID
            if candidate == caseID { return heads[middle] }
            if candidate.utf8.lexicographicallyPrecedes(caseID.utf8) { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    /// The inclusion proof (audit path) of a case's head, with its leaf index, for offline checking.
    public func inclusionProof(of caseID: String) -> (index: Int, path: [[UInt8]])? {
        guard let head = head(of: caseID), let index = heads.firstIndex(of: head) else { return nil }
        return (index, Self.tree(heads).inclusionProof(index: index))
    }
}

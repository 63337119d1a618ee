import Crypto
import Statecharts

/// A Merkle tree as defined in RFC 9162 §2.1 (Certificate Transparency 2.0): leaf hashes are SHA-256(0x00 ‖ leaf),
/// interior nodes SHA-256(0x01 ‖ left ‖ right), and a tree of n > 1 leaves splits at the largest power of two below n.
public struct MerkleTree: Sendable {
    /// The leaf hashes, in order.
    public let leafHashes: [[UInt8]]

    /// Builds a tree over leaf data.
    public init(leaves: [[UInt8]]) {
        self.leafHashes = leaves.map(Self.leafHash)
    }

    /// Builds a tree over already hashed leaves.
    public init(leafHashes: [[UInt8]]) {
        self.leafHashes = leafHashes
    }

    /// The number of leaves.
    public var size: Int { leafHashes.count }

    /// The Merkle tree hash (MTH) of all leaves; SHA-256 of the empty string for an empty tree.
    public var rootHash: [UInt8] { Self.root(leafHashes[...]) }

    /// SHA-256(0x00 ‖ leaf).
    public static func leafHash(_ leaf: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: leaf)
        return Array(hasher.finalize())
    }

    /// SHA-256(0x01 ‖ left ‖ right).
    public static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// The largest power of two strictly less than `n` (n > 1).
    static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// MTH over a run of leaf hashes.
    static func root(_ hashes: ArraySlice<[UInt8]>) -> [UInt8] {
        switch hashes.count {
        case 0: return Array(SHA256.hash(data: [UInt8]()))
        case 1: return hashes[hashes.startIndex]
        default:
            let middle = hashes.startIndex + split(hashes.count)
            return nodeHash(root(hashes[..<middle]), root(hashes[middle...]))
        }
    }

    /// The audit path (RFC 9162 §2.1.3.1) proving that leaf `index` is in the tree, leaf side first.
    ///
    /// - Precondition: `0 <= index < size`.
    public func inclusionProof(index: Int) -> [[UInt8]] {
        precondition(leafHashes.indices.contains(index), "leaf index \(index) is outside a tree of \(size)")
        return Self.path(index, leafHashes[...])
    }

    static func path(_ m: Int, _ hashes: ArraySlice<[UInt8]>) -> [[UInt8]] {
        guard hashes.count > 1 else { return [] }
        let k = split(hashes.count)
        let middle = hashes.startIndex + k
        if m < k {
            return path(m, hashes[..<middle]) + [root(hashes[middle...])]
        }
        return path(m - k, hashes[middle...]) + [root(hashes[..<middle])]
    }

    /// The consistency proof (RFC 9162 §2.1.4.1) that the first `oldSize` leaves form the tree of that size.
    ///
    /// - Precondition: `0 < oldSize <= size`.
    public func consistencyProof(oldSize: Int) -> [[UInt8]] {
        precondition(oldSize > 0 && oldSize <= size, "old size \(oldSize) is not in 1...\(size)")
        return Self.subproof(oldSize, leafHashes[...], complete: true)
    }

    static func subproof(_ m: Int, _ hashes: ArraySlice<[UInt8]>, complete: Bool) -> [[UInt8]] {
        let n = hashes.count
        if m == n { return complete ? [] : [root(hashes)] }
        let k = split(n)
        let middle = hashes.startIndex + k
        if m <= k {
            return subproof(m, hashes[..<middle], complete: complete) + [root(hashes[middle...])]
        }
        return subproof(m - k, hashes[middle...], complete: false) + [root(hashes[..<middle])]
    }
}

import Statecharts

extension MerkleTree {
    /// Verifies an inclusion proof as RFC 9162 §2.1.3.2 describes.
    ///
    /// - Parameters:
    ///   - leafHash: The hash of the leaf (``leafHash(_:)``).
    ///   - index: The leaf's 0-based index.
    ///   - treeSize: The number of leaves in the tree.
    ///   - proof: The audit path.
    ///   - rootHash: The root the proof must lead to.
    /// - Returns: Whether the proof shows the leaf at `index` in the tree with `rootHash`.
    public static func verifyInclusion(
        leafHash: [UInt8], index: Int, treeSize: Int, proof: [[UInt8]], rootHash: [UInt8]
    ) -> Bool {
        guard index >= 0, index < treeSize else { return false }
        var fn = index
        var sn = treeSize - 1
        var r = leafHash
        for p in proof {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == rootHash
    }

    /// Verifies a consistency proof as RFC 9162 §2.1.4.2 describes: the tree of `oldSize` leaves with `oldRoot` is
    /// a prefix of the tree of `newSize` leaves with `newRoot`.
    ///
    /// - Returns: Whether the proof holds. Equal sizes need an empty proof and equal roots.
    public static func verifyConsistency(
        oldSize: Int, newSize: Int, oldRoot: [UInt8], newRoot: [UInt8], proof: [[UInt8]]
    ) -> Bool {
        guard oldSize > 0, oldSize <= newSize else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        guard !proof.isEmpty else { return false }
        var path = proof
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == oldRoot && sr == newRoot && sn == 0
    }
}

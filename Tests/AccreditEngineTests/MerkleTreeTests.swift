import AccreditEngine
import Testing

struct MerkleTreeTests {
    /// The leaves of the RFC 6962 reference test data (certificate-transparency), as used by Go and C++ CT code.
    static let leaves: [[UInt8]] = [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57], Array(0x60...0x6f),
    ]

    /// The published roots of the first 1…8 of those leaves.
    static let roots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    @Test func leafAndNodeHashesArePrefixedSHA256() {
        // SHA-256(0x00) and SHA-256(0x01 ‖ SHA-256(0x00) ‖ SHA-256(0x00 ‖ 0x00)) from the reference data.
        #expect(HashChain.hex(MerkleTree.leafHash([])) == Self.roots[0])
        #expect(HashChain.hex(MerkleTree.nodeHash(MerkleTree.leafHash([]), MerkleTree.leafHash([0]))) == Self.roots[1])
    }

    @Test func emptyTreeHashesTheEmptyString() {
        #expect(
            HashChain.hex(MerkleTree(leaves: []).rootHash)
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test(arguments: 1...8) func rootsMatchTheReferenceVectors(size: Int) {
        #expect(HashChain.hex(MerkleTree(leaves: Array(Self.leaves.prefix(size))).rootHash) == Self.roots[size - 1])
    }

    @Test func smallTreesAreBuiltAsTheRFCDefinesThem() {
        let (a, b, c) = ([UInt8(1)], [UInt8(2)], [UInt8(3)])
        // The primitives are pinned by the reference vectors; here the shape of the tree is checked.
        let leaf = MerkleTree.leafHash
        let node = MerkleTree.nodeHash
        #expect(MerkleTree(leaves: [a]).rootHash == leaf(a))
        #expect(MerkleTree(leaves: [a, b]).rootHash == node(leaf(a), leaf(b)))
        // Three leaves split at 2: ((a b) c), not (a (b c)).
        #expect(MerkleTree(leaves: [a, b, c]).rootHash == node(node(leaf(a), leaf(b)), leaf(c)))
    }

    @Test(arguments: 1...9) func everyInclusionProofVerifiesAndNoOtherDoes(size: Int) {
        let leaves = (0..<size).map { [UInt8($0)] }
        let tree = MerkleTree(leaves: leaves)
        for index in 0..<size {
            let proof = tree.inclusionProof(index: index)
            let hash = MerkleTree.leafHash(leaves[index])
            #expect(
                MerkleTree.verifyInclusion(
                    leafHash: hash, index: index, treeSize: size, proof: proof, rootHash: tree.rootHash))
            #expect(
                !MerkleTree.verifyInclusion(
                    leafHash: MerkleTree.leafHash([0xff]), index: index, treeSize: size, proof: proof,
                    rootHash: tree.rootHash))
            #expect(
                !MerkleTree.verifyInclusion(
                    leafHash: hash, index: index, treeSize: size, proof: proof.dropLast(), rootHash: tree.rootHash)
                    || size == 1)
            if size > 1 {
                #expect(
                    !MerkleTree.verifyInclusion(
                        leafHash: hash, index: (index + 1) % size, treeSize: size, proof: proof,
                        rootHash: tree.rootHash))
            }
        }
    }

    @Test func inclusionProofOfTheReferenceTreeHasTheRFCShape() {
        let tree = MerkleTree(leaves: Self.leaves)
        // Leaf 0 of 8: sibling leaf 1, then MTH(leaves 2..3), then MTH(leaves 4..7).
        let proof = tree.inclusionProof(index: 0)
        #expect(proof.count == 3)
        #expect(proof[0] == MerkleTree.leafHash(Self.leaves[1]))
        #expect(proof[2] == MerkleTree(leaves: Array(Self.leaves[4...])).rootHash)
    }

    @Test(arguments: 1...9) func consistencyProofsVerifyForEveryPrefix(size: Int) {
        let leaves = (0..<size).map { [UInt8($0), 7] }
        let tree = MerkleTree(leaves: leaves)
        for old in 1...size {
            let oldRoot = MerkleTree(leaves: Array(leaves.prefix(old))).rootHash
            let proof = tree.consistencyProof(oldSize: old)
            #expect(
                MerkleTree.verifyConsistency(
                    oldSize: old, newSize: size, oldRoot: oldRoot, newRoot: tree.rootHash, proof: proof))
            if old < size {
                #expect(
                    !MerkleTree.verifyConsistency(
                        oldSize: old, newSize: size, oldRoot: MerkleTree.leafHash([9]), newRoot: tree.rootHash,
                        proof: proof))
            }
        }
    }
}

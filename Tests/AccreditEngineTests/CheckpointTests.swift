import AccreditEngine
import Statecharts
import Testing

struct CheckpointTests {
    static let heads = [
        CheckpointHead(caseID: "C-2", version: 3, head: [UInt8](repeating: 2, count: 32)),
        CheckpointHead(caseID: "C-1", version: 5, head: [UInt8](repeating: 1, count: 32)),
        CheckpointHead(caseID: "C-3", version: 0, head: HashChain.genesis),
    ]
    static let created = Instant(iso8601: "2026-06-30T12:00:00Z") ?? .epoch

    @Test func signedCheckpointsVerifyAndRoundTripThroughTheirFile() throws {
        let key = try Ed25519Key(seed: [UInt8](repeating: 7, count: 32))
        let checkpoint = try Checkpoint.sign(heads: Self.heads, createdAt: Self.created, key: key)
        #expect(checkpoint.heads.map(\.caseID) == ["C-1", "C-2", "C-3"])
        #expect(checkpoint.treeSize == 3)
        #expect(checkpoint.rootHash == MerkleTree(leaves: checkpoint.heads.map(\.leaf)).rootHash)
        #expect(checkpoint.problems().isEmpty)
        #expect(checkpoint.problems(trusting: TrustedKeys(publicKeys: [key.publicKey])).isEmpty)
        let read = try Checkpoint.parse(checkpoint.fileText)
        #expect(read == checkpoint)
        #expect(read.head(of: "C-2")?.version == 3)
        #expect(read.head(of: "C-9") == nil)
    }

    @Test func leavesAreCanonicalJSONOfCaseVersionAndHead() {
        let head = CheckpointHead(caseID: "C-1", version: 2, head: [UInt8](repeating: 0xab, count: 32))
        #expect(
            String(decoding: head.leaf, as: UTF8.self)
                == "{\"case\":\"C-1\",\"head\":\"\(String(repeating: "ab", count: 32))\",\"version\":2}")
    }

    @Test func anyChangeToTheFileIsAProblem() throws {
        let key = try Ed25519Key(seed: [UInt8](repeating: 7, count: 32))
        let checkpoint = try Checkpoint.sign(heads: Self.heads, createdAt: Self.created, key: key)
        var editedHead = checkpoint
        editedHead.heads[0].version = 4
        #expect(editedHead.problems().count == 1)
        var resigned = editedHead
        resigned.rootHash = MerkleTree(leaves: resigned.heads.map(\.leaf)).rootHash
        #expect(resigned.problems().first?.contains("signature") == true)
        var otherTime = checkpoint
        otherTime.createdAt = .epoch
        #expect(otherTime.problems().first?.contains("signature") == true)
        let other = try Ed25519Key(seed: [UInt8](repeating: 8, count: 32))
        #expect(checkpoint.problems(trusting: TrustedKeys(publicKeys: [other.publicKey])).count == 1)
        #expect(throws: CheckpointError.self) { try Checkpoint.parse("{\"format\":\"other\"}") }
    }

    @Test func inclusionProofsOfEveryCaseVerifyAgainstTheRoot() throws {
        let checkpoint = try Checkpoint.sign(
            heads: Self.heads, createdAt: Self.created, key: try Ed25519Key(seed: [UInt8](repeating: 9, count: 32)))
        for head in checkpoint.heads {
            let proof = try #require(checkpoint.inclusionProof(of: head.caseID))
            #expect(
                MerkleTree.verifyInclusion(
                    leafHash: MerkleTree.leafHash(head.leaf), index: proof.index, treeSize: Int(checkpoint.treeSize),
                    proof: proof.path, rootHash: checkpoint.rootHash))
        }
    }

    @Test func repeatedCasesAreRefused() {
        #expect(throws: CheckpointError.self) {
            try Checkpoint.sign(
                heads: [Self.heads[0], Self.heads[0]], createdAt: Self.created,
                key: try Ed25519Key(seed: [UInt8](repeating: 9, count: 32)))
        }
    }
}

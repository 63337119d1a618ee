import Statecharts

extension Checkpoint {
    /// Every reason the checkpoint does not verify by itself: heads unsorted or repeated, a tree size or root that
    /// does not match the heads, or a signature that does not verify under its public key. Empty when it verifies.
    ///
    /// - Parameter trusted: The keys the auditor trusts; when given, a signer outside them is a problem too.
    public func problems(trusting trusted: TrustedKeys? = nil) -> [String] {
        var problems: [String] = []
        for (first, second) in zip(heads, heads.dropFirst())
        where !first.caseID.utf8.lexicographicallyPrecedes(second.caseID.utf8) {
            problems.append("heads are not strictly sorted by case id at \(second.caseID)")
        }
        if treeSize != Int64(heads.count) {
            problems.append("tree size is \(treeSize) but the checkpoint lists \(heads.count) heads")
        }
        let computed = Self.tree(heads).rootHash
        if computed != rootHash {
            problems.append(
                "root hash is \(HashChain.hex(rootHash)) but the heads give \(HashChain.hex(computed))")
        }
        if let trusted, !trusted.trusts(publicKey) {
            problems.append(
                "signed by key \(HashChain.hex(publicKey)) (\(KeyFingerprint.of(publicKey))), which is not a trusted key"
            )
        }
        if publicKey.count != 32 {
            problems.append("the public key is not a 32-byte Ed25519 key")
        } else if !Ed25519Key.isValidSignature(signature, of: signedBytes, publicKey: publicKey) {
            problems.append("the signature does not verify under public key \(HashChain.hex(publicKey))")
        }
        return problems
    }
}

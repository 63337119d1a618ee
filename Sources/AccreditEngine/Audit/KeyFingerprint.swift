import Crypto

/// The fingerprint of an Ed25519 public key: `sha256:` and the 64 lowercase hex digits of SHA-256 over the raw
/// 32-byte public key. It names a key in lists and trust files without being the key itself.
public enum KeyFingerprint {
    /// The prefix every fingerprint starts with.
    public static let prefix = "sha256:"

    /// The fingerprint of a raw public key.
    public static func of(_ publicKey: [UInt8]) -> String {
        prefix + HashChain.hex(Array(SHA256.hash(data: publicKey)))
    }

    /// The 32-byte digest a fingerprint text names, or nil when it is not `sha256:` and 64 hex digits.
    public static func digest(_ text: String) -> [UInt8]? {
        guard text.hasPrefix(prefix), let digest = Hex.decode(String(text.dropFirst(prefix.count))),
            digest.count == 32
        else { return nil }
        return digest
    }
}

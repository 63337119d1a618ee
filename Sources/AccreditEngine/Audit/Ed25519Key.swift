import Crypto
import Statecharts

/// An Ed25519 key pair made from its raw 32-byte seed: signs checkpoints (and award certificates) and checks
/// signatures. Creating and storing a seed is the caller's business (see `SigningKey` in EvidenceStore).
public struct Ed25519Key: @unchecked Sendable {
    private let key: Curve25519.Signing.PrivateKey

    /// Makes the key pair for a seed.
    ///
    /// - Throws: ``SigningKeyError`` when the seed is not 32 bytes.
    public init(seed: [UInt8]) throws(SigningKeyError) {
        guard seed.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw SigningKeyError("an Ed25519 seed is 32 bytes, not \(seed.count)")
        }
        self.key = key
    }

    /// The raw 32-byte seed (secret).
    public var seed: [UInt8] { Array(key.rawRepresentation) }

    /// The raw 32-byte public key.
    public var publicKey: [UInt8] { Array(key.publicKey.rawRepresentation) }

    /// Signs bytes.
    ///
    /// - Returns: The 64-byte signature.
    /// - Throws: ``SigningKeyError`` when the crypto library fails.
    public func sign(_ bytes: [UInt8]) throws(SigningKeyError) -> [UInt8] {
        do {
            return Array(try key.signature(for: bytes))
        } catch {
            throw SigningKeyError("signing failed: \(error)")
        }
    }

    /// Whether `signature` is a valid Ed25519 signature of `bytes` by the raw `publicKey`.
    public static func isValidSignature(_ signature: [UInt8], of bytes: [UInt8], publicKey: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: bytes)
    }
}

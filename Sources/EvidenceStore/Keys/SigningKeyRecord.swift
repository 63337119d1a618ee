import Statecharts

/// A signing key the store lists (table `signing_keys`): current, or retired and kept for verifying old signatures.
public struct SigningKeyRecord: Hashable, Sendable {
    /// `sha256:` and the hex SHA-256 of the raw public key.
    public var fingerprint: String
    /// The raw 32-byte public key.
    public var publicKey: [UInt8]
    /// When it was registered.
    public var createdAt: Instant
    /// Who registered it (an actor id, or `os-user:NAME` for the installation's own setup).
    public var createdBy: String
    /// When it was retired, if it was.
    public var retiredAt: Instant?
    /// Who retired it, if anyone did.
    public var retiredBy: String?

    /// Whether this is the store's current key.
    public var isCurrent: Bool { retiredAt == nil }
}

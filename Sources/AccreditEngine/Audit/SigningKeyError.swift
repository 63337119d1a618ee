import Statecharts

/// Why the signing key could not be created, read or used.
public struct SigningKeyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of key failure this is, for front ends to choose their words and exit statuses.
    public enum Code: String, Hashable, Sendable {
        /// There is no key file where one was expected: keys are created only on purpose.
        case missing
        /// A key file already exists where a new one was to be created.
        case exists
        /// The key file belongs to another operating-system user.
        case notOwned = "not-owned"
        /// The key file (or its directory) is readable or writable by group or others.
        case exposed
        /// The key file is not a raw Ed25519 seed in hex, or is not a regular file.
        case malformed
        /// The public key file disagrees with the private key file.
        case publicKeyMismatch = "public-key-mismatch"
        /// Reading, writing or signing failed.
        case failed
    }

    /// The kind of failure.
    public var code: Code
    /// What is wrong, in the library's own terms.
    public var description: String
    /// The file concerned, if any.
    public var path: String?

    /// Creates an error.
    public init(_ description: String, code: Code = .failed, path: String? = nil) {
        self.code = code
        self.description = description
        self.path = path
    }
}

import AccreditEngine
import Crypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The installation's Ed25519 signing key, used for checkpoints, award certificates and award status lists.
///
/// File format: `HOME/keys/signing-key` holds the raw 32-byte private seed as 64 lowercase hex digits and a newline,
/// mode 0600, owned by the user who runs the tool; `HOME/keys/signing-key.pub` holds the raw 32-byte public key the
/// same way, for publishing. Retired keys are kept in `HOME/keys/retired/` as `<fingerprint hex>.key` and `.pub`.
///
/// Keys are never created as a side effect: ``load(home:)`` only reads, and ``create(home:)`` and ``rotate(home:)``
/// are called on purpose. A key file owned by another user, readable by others, or whose `.pub` file disagrees with
/// it is refused, never adopted or repaired.
public struct SigningKey: Sendable {
    /// The key pair.
    public let key: Ed25519Key
    /// The path of the private key file.
    public let path: String

    /// The raw 32-byte public key.
    public var publicKey: [UInt8] { key.publicKey }

    /// The key's fingerprint, `sha256:` and 64 hex digits (``KeyFingerprint``).
    public var fingerprint: String { KeyFingerprint.of(publicKey) }

    /// The path of the public key file beside the private one.
    public var publicKeyPath: String { Self.publicPath(of: path) }

    /// The keys directory of a home: `HOME/keys`.
    public static func directory(home: String) -> String { home + "/keys" }

    /// The current key file of a home: `HOME/keys/signing-key`.
    public static func path(home: String) -> String { directory(home: home) + "/signing-key" }

    /// Whether the home has a current key file (checked or not).
    public static func exists(home: String) -> Bool { KeyFiles.exists(path(home: home)) }

    /// Deletes this key's files: only for a key just made by ``create(home:)`` whose registration failed.
    public func discard() {
        _ = KeyFiles.remove(path)
        _ = KeyFiles.remove(publicKeyPath)
    }

    /// Loads the home's current key; never creates one.
    ///
    /// - Throws: ``SigningKeyError`` `.missing` when there is none, or what ``load(path:)`` throws.
    public static func load(home: String) throws(SigningKeyError) -> SigningKey {
        let path = path(home: home)
        guard KeyFiles.exists(path) else {
            throw SigningKeyError("there is no signing key at \(path)", code: .missing, path: path)
        }
        try KeyFiles.checkDirectory(directory(home: home))
        return try load(path: path)
    }

    /// Loads a key file and checks it: a regular file owned by this user, unreadable by others, 64 hex digits, and
    /// agreeing with its `.pub` file (a missing `.pub` file is written; a different one is refused, never rewritten).
    ///
    /// - Throws: ``SigningKeyError``: `.missing`, `.notOwned`, `.exposed`, `.malformed`, `.publicKeyMismatch`.
    public static func load(path: String) throws(SigningKeyError) -> SigningKey {
        try KeyFiles.checkPrivateFile(path)
        let text: [UInt8]
        do {
            text = try KeyFiles.readSmallFile(path)
        } catch {
            throw SigningKeyError("cannot read the signing key: \(error)", code: .failed, path: path)
        }
        let hex = KeyFiles.trimmed(text)
        guard let seed = HashChain.bytes(hex: hex), seed.count == 32, let key = try? Ed25519Key(seed: seed) else {
            throw SigningKeyError(
                "signing key \(path) is not 64 hex digits (a raw Ed25519 seed)", code: .malformed, path: path)
        }
        let signingKey = SigningKey(key: key, path: path)
        try signingKey.checkPublicKeyFile()
        return signingKey
    }

    /// Creates the home's signing key (and its `.pub` file); refuses when one exists.
    ///
    /// The seed is written to a temporary file (mode 0600, fsynced) and hard-linked into place, so two processes
    /// creating at once agree on one key (the second is refused) and a half-written key is never seen.
    ///
    /// - Throws: ``SigningKeyError`` `.exists` when a key or public key file is already there, `.notOwned` or
    ///   `.exposed` for a keys directory another user controls, `.failed` on file-system errors.
    public static func create(home: String) throws(SigningKeyError) -> SigningKey {
        let directory = directory(home: home)
        let path = path(home: home)
        try KeyFiles.makePrivateDirectory(directory)
        for existing in [path, publicPath(of: path)] where KeyFiles.exists(existing) {
            throw SigningKeyError("a signing key file already exists at \(existing)", code: .exists, path: existing)
        }
        let seed = Array(Curve25519.Signing.PrivateKey().rawRepresentation)
        // Linked into place, never replacing: of two processes creating at once, the first key wins.
        try KeyFiles.write(Array((HashChain.hex(seed) + "\n").utf8), to: path, replacing: false)
        return try load(path: path)
    }

    /// Makes a new current key and keeps the old one, retired, in `HOME/keys/retired/`.
    ///
    /// - Returns: The retired key (now under `retired/`) and the new current key.
    /// - Throws: ``SigningKeyError`` when the current key does not load, or on file-system errors.
    public static func rotate(home: String) throws(SigningKeyError) -> (retired: SigningKey, current: SigningKey) {
        let old = try load(home: home)
        let retiredDirectory = directory(home: home) + "/retired"
        try KeyFiles.makePrivateDirectory(retiredDirectory)
        let retiredPath = "\(retiredDirectory)/\(HashChain.hex(KeyFingerprint.digest(old.fingerprint) ?? [])).key"
        guard link(old.path, retiredPath) == 0 || errno == EEXIST else {
            throw SigningKeyError(
                "cannot keep the old key: \(KeyFiles.failure("link", retiredPath))", code: .failed, path: retiredPath)
        }
        try KeyFiles.replace(publicPath(of: retiredPath), with: old.publicKeyText)
        let seed = Array(Curve25519.Signing.PrivateKey().rawRepresentation)
        try KeyFiles.write(Array((HashChain.hex(seed) + "\n").utf8), to: old.path, replacing: true)
        guard let key = try? Ed25519Key(seed: seed) else { preconditionFailure("a fresh seed is 32 bytes") }
        let current = SigningKey(key: key, path: old.path)
        try KeyFiles.replace(current.publicKeyPath, with: current.publicKeyText)
        return (try load(path: retiredPath), current)
    }

    /// Puts a retired key back as the current one (undoing ``rotate(home:)`` when recording the rotation failed).
    ///
    /// - Throws: ``SigningKeyError`` on file-system errors.
    public static func reinstate(_ retired: SigningKey, home: String) throws(SigningKeyError) {
        let path = path(home: home)
        guard rename(retired.path, path) == 0 else {
            throw SigningKeyError(
                "cannot put back the old key: \(KeyFiles.failure("rename to", path))", code: .failed, path: path)
        }
        try KeyFiles.replace(publicPath(of: path), with: retired.publicKeyText)
        _ = KeyFiles.remove(retired.publicKeyPath)
    }

    /// The retired keys kept in `HOME/keys/retired/`, each checked as ``load(path:)`` checks the current one.
    ///
    /// - Throws: ``SigningKeyError`` for a retired key file that does not pass the checks.
    public static func retired(home: String) throws(SigningKeyError) -> [SigningKey] {
        let directory = directory(home: home) + "/retired"
        var keys: [SigningKey] = []
        for name in KeyFiles.list(directory) where name.hasSuffix(".key") {
            keys.append(try load(path: "\(directory)/\(name)"))
        }
        return keys
    }

    /// The public key file's expected text: 64 hex digits and a newline.
    var publicKeyText: [UInt8] { Array((HashChain.hex(publicKey) + "\n").utf8) }

    /// Refuses a `.pub` file that disagrees with the key; writes a missing one.
    private func checkPublicKeyFile() throws(SigningKeyError) {
        guard KeyFiles.exists(publicKeyPath) else {
            try KeyFiles.replace(publicKeyPath, with: publicKeyText)
            return
        }
        let found = try? KeyFiles.readSmallFile(publicKeyPath)
        guard let found, KeyFiles.trimmed(found) == HashChain.hex(publicKey) else {
            throw SigningKeyError(
                "the public key file \(publicKeyPath) does not match the signing key \(path): someone changed one of "
                    + "them; the public key of \(path) is \(HashChain.hex(publicKey)) (\(fingerprint))",
                code: .publicKeyMismatch, path: publicKeyPath)
        }
    }

    private static func publicPath(of path: String) -> String {
        path.hasSuffix(".key") ? String(path.dropLast(4)) + ".pub" : path + ".pub"
    }
}

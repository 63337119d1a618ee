import AccreditEngine
import Crypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The installation's Ed25519 signing key, used for checkpoints (and award certificates).
///
/// File format: `HOME/keys/signing-key` holds the raw 32-byte private seed as 64 lowercase hex digits and a newline,
/// mode 0600; `HOME/keys/signing-key.pub` holds the raw 32-byte public key the same way, for publishing. The key is
/// created once, atomically: written to a temporary file, fsynced, then hard-linked into place, so two processes
/// starting at once agree on one key and a half-written key is never seen.
public struct SigningKey: Sendable {
    /// The key pair.
    public let key: Ed25519Key
    /// The path of the private key file.
    public let path: String

    /// The raw 32-byte public key.
    public var publicKey: [UInt8] { key.publicKey }

    /// The path of the public key file beside the private one.
    public var publicKeyPath: String { path + ".pub" }

    /// Loads `home/keys/signing-key`, creating it (and the public key file) on first use.
    ///
    /// - Throws: ``SigningKeyError`` when the file cannot be created or read, is malformed, or is readable by others.
    public static func loadOrCreate(home: String) throws(SigningKeyError) -> SigningKey {
        let directory = home + "/keys"
        let path = directory + "/signing-key"
        do {
            try FileSystem.makeDirectories(directory)
            chmod(directory, 0o700)
            if !FileSystem.exists(path) {
                try create(at: path, directory: directory)
            }
        } catch {
            throw SigningKeyError("cannot create the signing key in \(directory): \(error)")
        }
        let key = try load(path: path)
        try key.exportPublicKey()
        return key
    }

    /// Loads a key file.
    ///
    /// - Throws: ``SigningKeyError`` when it is missing, malformed or readable by group or others.
    public static func load(path: String) throws(SigningKeyError) -> SigningKey {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw SigningKeyError("no signing key at \(path)") }
        guard info.st_mode & 0o077 == 0 else {
            throw SigningKeyError("signing key \(path) is accessible by other users; run: chmod 600 \(path)")
        }
        let text: [UInt8]
        do {
            text = try readSmallFile(path)
        } catch {
            throw SigningKeyError("cannot read signing key: \(error)")
        }
        let hex = String(decoding: text, as: UTF8.self).trimmingWhitespace
        guard let seed = HashChain.bytes(hex: hex), seed.count == 32, let key = try? Ed25519Key(seed: seed) else {
            throw SigningKeyError("signing key \(path) is not 64 hex digits (a raw Ed25519 seed)")
        }
        return SigningKey(key: key, path: path)
    }

    /// Writes a new key to a temporary file and links it into place; an existing key wins.
    private static func create(at path: String, directory: String) throws(FileSystemError) {
        let seed = Array(Curve25519.Signing.PrivateKey().rawRepresentation)
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = try FileSystem.open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        defer { _ = FileSystem.remove(temporary) }
        do {
            defer { close(descriptor) }
            fchmod(descriptor, 0o600)
            let text = HashChain.hex(seed) + "\n"
            try FileSystem.write(descriptor, Array(text.utf8)[...], path: temporary)
            try FileSystem.sync(descriptor, path: temporary)
        }
        if link(temporary, path) != 0 && errno != EEXIST { throw FileSystem.fail("link", path) }
        try FileSystem.syncDirectory(directory)
    }

    /// Writes `signing-key.pub` when it is missing or differs.
    private func exportPublicKey() throws(SigningKeyError) {
        let text = Array((HashChain.hex(publicKey) + "\n").utf8)
        if (try? Self.readSmallFile(publicKeyPath)) == text { return }
        let temporary = "\(publicKeyPath).tmp-\(getpid())"
        do {
            let descriptor = try FileSystem.open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            defer { close(descriptor) }
            try FileSystem.write(descriptor, text[...], path: temporary)
            try FileSystem.sync(descriptor, path: temporary)
            guard rename(temporary, publicKeyPath) == 0 else { throw FileSystem.fail("rename to", publicKeyPath) }
        } catch {
            _ = FileSystem.remove(temporary)
            throw SigningKeyError("cannot write the public key: \(error)")
        }
    }

    static func readSmallFile(_ path: String) throws(FileSystemError) -> [UInt8] {
        let descriptor = try FileSystem.open(path, O_RDONLY | O_NOFOLLOW)
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        var bytes: [UInt8] = []
        while true {
            let count = try FileSystem.read(descriptor, into: &buffer, path: path)
            if count == 0 { return bytes }
            bytes += buffer[0..<count]
        }
    }
}

extension String {
    /// The text without leading and trailing spaces and newlines.
    fileprivate var trimmingWhitespace: String {
        let bytes = Array(utf8)
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}

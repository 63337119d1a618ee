import AccreditEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The file-system checks and writes behind ``SigningKey``: ownership, modes, temporary files and atomic replacement.
enum KeyFiles {
    /// Whether a path exists (without following a final symlink).
    static func exists(_ path: String) -> Bool { FileSystem.exists(path) }

    /// Refuses a private key file that is not a regular file owned by this user and closed to others.
    static func checkPrivateFile(_ path: String) throws(SigningKeyError) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            throw SigningKeyError("there is no signing key at \(path)", code: .missing, path: path)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw SigningKeyError("signing key \(path) is not a regular file", code: .malformed, path: path)
        }
        guard info.st_uid == geteuid() else {
            throw SigningKeyError(
                "signing key \(path) belongs to another user (uid \(info.st_uid), not \(geteuid())); it was not "
                    + "made by this installation and is not used",
                code: .notOwned, path: path)
        }
        guard info.st_mode & 0o077 == 0 else {
            throw SigningKeyError(
                "signing key \(path) is accessible by other users (mode \(String(info.st_mode & 0o777, radix: 8)))",
                code: .exposed, path: path)
        }
    }

    /// Refuses a keys directory owned by another user or writable by others (who could swap the files in it).
    static func checkDirectory(_ path: String) throws(SigningKeyError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFDIR, info.st_uid == geteuid() else {
            throw SigningKeyError(
                "the keys directory \(path) is not a directory of this user (uid \(info.st_uid))", code: .notOwned,
                path: path)
        }
        guard info.st_mode & 0o022 == 0 else {
            throw SigningKeyError(
                "the keys directory \(path) is writable by other users (mode \(String(info.st_mode & 0o777, radix: 8)))",
                code: .exposed, path: path)
        }
    }

    /// Creates a directory (and parents) and makes it 0700; refuses one another user controls.
    static func makePrivateDirectory(_ path: String) throws(SigningKeyError) {
        do {
            try FileSystem.makeDirectories(path)
        } catch {
            throw SigningKeyError("cannot create \(path): \(error)", code: .failed, path: path)
        }
        try checkDirectory(path)
        chmod(path, 0o700)
    }

    /// Writes a key file atomically (``AtomicFile``): a private key 0600, replacing one or never; a clash with an
    /// existing file when not replacing is `.exists`.
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600, replacing: Bool) throws(SigningKeyError)
    {
        do {
            try AtomicFile.write(bytes, to: path, mode: mode, replacing: replacing)
        } catch {
            if !replacing && error.errno == EEXIST {
                throw SigningKeyError("a signing key file already exists at \(path)", code: .exists, path: path)
            }
            throw SigningKeyError("cannot write \(path): \(error)", code: .failed, path: path)
        }
    }

    /// Replaces (or creates) a public file atomically, mode 0644.
    static func replace(_ path: String, with bytes: [UInt8]) throws(SigningKeyError) {
        try write(bytes, to: path, mode: 0o644, replacing: true)
    }

    /// Deletes a file; returns whether it is gone.
    static func remove(_ path: String) -> Bool { FileSystem.remove(path) }

    /// The entries of a directory.
    static func list(_ path: String) -> [String] { FileSystem.list(path) }

    /// The system's reason for the last failure.
    static func failure(_ operation: String, _ path: String) -> FileSystemError { FileSystem.fail(operation, path) }

    /// Reads a small file (at most 64 KiB) without following a final symlink.
    static func readSmallFile(_ path: String) throws(FileSystemError) -> [UInt8] {
        try FileSystem.readFile(path, atMost: 65536)
    }

    /// The text of bytes without leading and trailing spaces and newlines.
    static func trimmed(_ bytes: [UInt8]) -> String {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}

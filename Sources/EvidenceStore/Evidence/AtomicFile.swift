#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes whole files atomically with a chosen mode: to a temporary file beside the destination (created with
/// `O_EXCL` and that mode, fsynced), then linked into place (never replacing) or renamed over it, and the directory
/// flushed so the new entry survives a crash.
public enum AtomicFile {
    /// The mode of files that only their owner may read: 0600.
    public static let privateMode: mode_t = 0o600
    /// The mode of public documents: 0644.
    public static let publicMode: mode_t = 0o644

    /// Creates a directory and its parents (mode 0750 before the umask).
    ///
    /// - Throws: ``FileSystemError`` when one cannot be created.
    public static func makeDirectories(_ path: String) throws(FileSystemError) {
        try FileSystem.makeDirectories(path)
    }

    /// Writes `bytes` to `path` atomically.
    ///
    /// - Parameters:
    ///   - bytes: The whole content.
    ///   - path: The destination.
    ///   - mode: The file's permission bits, whatever the umask.
    ///   - replacing: Whether an existing file is replaced; when false an existing file is an `EEXIST` failure.
    /// - Throws: ``FileSystemError`` when the file cannot be written (or exists and `replacing` is false).
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t, replacing: Bool) throws(FileSystemError) {
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do throws(FileSystemError) {
            let descriptor = try FileSystem.open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            defer { close(descriptor) }
            guard fchmod(descriptor, mode) == 0 else { throw FileSystem.fail("chmod", temporary) }
            try FileSystem.write(descriptor, bytes[...], path: temporary)
            try FileSystem.sync(descriptor, path: temporary)
        } catch {
            _ = FileSystem.remove(temporary)
            throw error
        }
        defer { _ = FileSystem.remove(temporary) }
        if replacing {
            guard rename(temporary, path) == 0 else { throw FileSystem.fail("rename to", path) }
        } else {
            guard link(temporary, path) == 0 else { throw FileSystem.fail("create", path) }
        }
        let slash = path.lastIndex(of: "/")
        try FileSystem.syncDirectory(slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? ".")
    }
}

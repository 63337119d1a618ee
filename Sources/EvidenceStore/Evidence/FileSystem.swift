#if canImport(Glibc)
    import Glibc
    private let systemRead = Glibc.read
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let systemRead = Darwin.read
    private let systemWrite = Darwin.write
#endif

/// A file-system failure with the path and the system's reason.
public struct FileSystemError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was being done, such as `open` or `fsync`.
    public var operation: String
    /// The path involved.
    public var path: String
    /// The `errno` value.
    public var errno: Int32

    /// `operation path: reason`.
    public var description: String {
        "cannot \(operation) \(path): \(String(cString: strerror(errno)))"
    }

    /// Whether the disk (or quota) is full.
    public var isDiskFull: Bool { errno == ENOSPC || errno == EDQUOT }
}

/// Thin, EINTR-safe POSIX file helpers used by the blob store.
enum FileSystem {
    static func fail(_ operation: String, _ path: String) -> FileSystemError {
        FileSystemError(operation: operation, path: path, errno: errno)
    }

    /// Opens a file, retrying on EINTR.
    static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0o640) throws(FileSystemError) -> Int32 {
        while true {
            let descriptor = Glibc.open(path, flags | O_CLOEXEC, mode)
            if descriptor >= 0 { return descriptor }
            if errno != EINTR { throw fail("open", path) }
        }
    }

    /// Reads a file's first `limit` bytes (the whole file when it is shorter), without following a final symlink.
    static func readFile(_ path: String, atMost limit: Int) throws(FileSystemError) -> [UInt8] {
        let descriptor = try open(path, O_RDONLY | O_NOFOLLOW)
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 65536)
        var bytes: [UInt8] = []
        while bytes.count < limit {
            let count = try read(descriptor, into: &buffer, path: path)
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        return Array(bytes.prefix(limit))
    }

    /// Reads up to `buffer.count` bytes; returns 0 at end of file.
    static func read(_ descriptor: Int32, into buffer: inout [UInt8], path: String) throws(FileSystemError) -> Int {
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count >= 0 { return count }
            if errno != EINTR { throw fail("read", path) }
        }
    }

    /// Writes all of `bytes`.
    static func write(_ descriptor: Int32, _ bytes: ArraySlice<UInt8>, path: String) throws(FileSystemError) {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let written = bytes[offset...].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw fail("write", path)
            }
            offset += written
        }
    }

    /// Flushes a file's data to disk.
    static func sync(_ descriptor: Int32, path: String) throws(FileSystemError) {
        guard fsync(descriptor) == 0 else { throw fail("fsync", path) }
    }

    /// Flushes a directory entry change (a rename or unlink) to disk.
    static func syncDirectory(_ path: String) throws(FileSystemError) {
        let descriptor = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(descriptor) }
        try sync(descriptor, path: path)
    }

    /// Creates a directory and its parents.
    static func makeDirectories(_ path: String) throws(FileSystemError) {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o750) != 0 && errno != EEXIST { throw fail("create directory", current) }
        }
    }

    /// Whether a path exists (without following a final symlink).
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// The entries of a directory, without `.` and `..`; empty when it does not exist.
    static func list(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}

extension FileSystem {
    /// Deletes a file; returns whether it is gone.
    static func remove(_ path: String) -> Bool {
        unlink(path) == 0 || errno == ENOENT
    }
}

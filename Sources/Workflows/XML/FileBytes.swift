#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

#if canImport(Glibc)
    private let systemRead = Glibc.read
#elseif canImport(Darwin)
    private let systemRead = Darwin.read
#endif

/// Reads whole files with POSIX calls, reporting failures with the path and the system's reason.
enum FileBytes {
    /// Why a file could not be read.
    struct ReadError: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "cannot read '\(path)': \(reason)" }
    }

    /// Reads the whole file at `path`.
    static func read(_ path: String) throws(ReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ReadError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        return try readAll(descriptor, path: path, limit: Int.max)
    }

    /// Reads an open file to its end, refusing it once it holds more than `limit` bytes.
    static func readAll(_ descriptor: Int32, path: String, limit: Int) throws(ReadError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
            if bytes.count > limit {
                throw ReadError(path: path, reason: "more than the \(limit) bytes a document may have")
            }
        }
    }
}

extension FileBytes {
    /// Reads a regular file of at most `limit` bytes; anything else (a directory, a device such as `/dev/zero`, a
    /// pipe, which could hang the reader) is refused without reading.
    static func readRegularFile(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw ReadError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw ReadError(path: path, reason: "not a regular file")
        }
        return try readAll(descriptor, path: path, limit: limit)
    }

    /// The directory part of a path, with its trailing slash (`defs/` for `defs/a.xml`), or "" for a bare name:
    /// prepend it to a name to find that file beside `path`.
    static func directory(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
    }

    /// Reads a definition file, reporting a failure as one diagnostic.
    ///
    /// - Throws: ``XMLDiagnostics`` with rule `xml.io`, naming the path and the system's reason.
    static func readDefinition(_ path: String) throws(XMLDiagnostics) -> [UInt8] {
        do {
            return try read(path)
        } catch {
            throw XMLDiagnostics([XMLDiagnostic(file: path, line: 0, rule: "xml.io", message: "\(error)")])
        }
    }
}

/// Reads a whole file (for callers outside this module that need the exact bytes of a definition).
///
/// - Throws: An error naming the path and the system's reason.
public func readFileBytes(_ path: String) throws -> [UInt8] {
    try FileBytes.read(path)
}

/// Writes a whole file, replacing it (for generated files such as the demo's evidence).
///
/// - Throws: An error naming the path and the system's reason.
public func writeFileBytes(_ bytes: [UInt8], to path: String) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw FileWriteError(path: path, reason: String(cString: strerror(errno))) }
    defer { close(descriptor) }
    var offset = 0
    while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written > 0 else { throw FileWriteError(path: path, reason: String(cString: strerror(errno))) }
        offset += written
    }
}

/// Why a file could not be written.
public struct FileWriteError: Error, CustomStringConvertible {
    /// The file.
    public let path: String
    /// The system's reason.
    public let reason: String
    /// `cannot write PATH: reason`.
    public var description: String { "cannot write '\(path)': \(reason)" }
}

/// Creates a directory and its parents (mode 0750), succeeding when it exists.
///
/// - Throws: ``FileWriteError`` naming the path.
public func makeDirectory(_ path: String) throws {
    var current = path.hasPrefix("/") ? "" : "."
    for component in path.split(separator: "/") {
        current += "/" + component
        if mkdir(current, 0o750) != 0 && errno != EEXIST {
            throw FileWriteError(path: current, reason: String(cString: strerror(errno)))
        }
    }
}

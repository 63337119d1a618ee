#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Small file-system helpers for tests.
public enum TestFiles {
    /// Why a directory could not be listed.
    public struct Failure: Error, CustomStringConvertible {
        /// What failed.
        public let description: String
    }

    /// The names of the entries of a directory (without `.` and `..`).
    public static func list(_ path: String) throws -> [String] {
        guard let directory = opendir(path) else { throw Failure(description: "cannot open \(path)") }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}

extension TestFiles {
    /// Creates a fresh directory under /tmp and returns its path.
    public static func temporaryDirectory() throws -> String {
        var template = Array("/tmp/accredit-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, mkdtemp(base) != nil else { return nil }
            return String(cString: base)
        }
        guard let made else { throw Failure(description: "mkdtemp failed") }
        return made
    }

    /// Writes bytes to a file, replacing it.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        guard let file = fopen(path, "wb") else { throw Failure(description: "cannot write \(path)") }
        defer { fclose(file) }
        guard fwrite(bytes, 1, bytes.count, file) == bytes.count else {
            throw Failure(description: "short write \(path)")
        }
    }

    /// Reads a whole file.
    public static func read(_ path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else { throw Failure(description: "cannot read \(path)") }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count == 0 { return bytes }
            bytes += buffer[0..<count]
        }
    }

    /// Deletes a directory tree.
    public static func removeTree(_ path: String) {
        for name in (try? list(path)) ?? [] {
            let child = path + "/" + name
            var info = stat()
            if lstat(child, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR { removeTree(child) } else { unlink(child) }
        }
        rmdir(path)
    }

    /// Runs `body` with a fresh temporary directory that is deleted afterwards.
    public static func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
        let directory = try temporaryDirectory()
        defer { removeTree(directory) }
        return try await body(directory)
    }
}

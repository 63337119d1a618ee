import AccreditEngine
import Crypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The result of checking one blob against its address.
public enum BlobCheck: Hashable, Sendable {
    /// The file exists and its content hashes to its address.
    case intact
    /// No file at the address.
    case missing
    /// The file's content hashes to something else (given).
    case corrupt(actual: String)
}

extension BlobStore {
    /// Re-hashes a stored blob, streaming.
    public func check(_ sha256: String) -> BlobCheck {
        guard let descriptor = try? FileSystem.open(path(of: sha256), O_RDONLY | O_NOFOLLOW) else { return .missing }
        defer { close(descriptor) }
        guard let actual = try? hash(descriptor, label: sha256, copyingTo: nil) else { return .missing }
        return actual.sha256 == sha256 ? .intact : .corrupt(actual: actual.sha256)
    }

    /// Copies a blob to `destination`, checking its hash on the way; the destination appears only when complete.
    ///
    /// - Throws: ``StoreError`` `.evidenceFileMissing` or `.evidenceFileCorrupt` for the blob, `.fileRefused` or
    ///   `.diskFull` when the destination cannot be written.
    public func export(_ sha256: String, to destination: String) throws(StoreError) {
        let partial = destination + ".partial-\(getpid())"
        do {
            let source = try FileSystem.open(path(of: sha256), O_RDONLY | O_NOFOLLOW)
            defer { close(source) }
            let target = try FileSystem.open(partial, O_WRONLY | O_CREAT | O_EXCL, 0o640)
            defer { close(target) }
            let copied = try hash(source, label: sha256, copyingTo: (target, partial))
            guard copied.sha256 == sha256 else {
                unlink(partial)
                throw StoreError(
                    code: .evidenceFileCorrupt,
                    message: "stored file \(sha256.prefix(12))… is corrupt (its content hashes to "
                        + "\(copied.sha256.prefix(12))…)")
            }
            try FileSystem.sync(target, path: partial)
            guard rename(partial, destination) == 0 else { throw FileSystem.fail("rename to", destination) }
        } catch let error as StoreError {
            throw error
        } catch let error as FileSystemError {
            unlink(partial)
            if error.path == path(of: sha256) {
                throw StoreError(code: .evidenceFileMissing, message: "stored file \(sha256.prefix(12))… is missing")
            }
            throw StoreError(code: error.isDiskFull ? .diskFull : .fileRefused, message: error.description)
        } catch {
            unlink(partial)
            throw StoreError(code: .fileRefused, message: "\(error)")
        }
    }

    /// The path of a stored blob about to be streamed out, after checking that it is a regular file of the recorded
    /// size (the stream itself re-hashes the content, and breaks off if it differs).
    ///
    /// - Throws: ``StoreError`` `.evidenceFileMissing`, or `.evidenceFileCorrupt` when the size differs.
    public func readablePath(of sha256: String, size: Int64) throws(StoreError) -> String {
        let path = path(of: sha256)
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw StoreError(code: .evidenceFileMissing, message: "stored file \(sha256.prefix(12))… is missing")
        }
        guard Int64(info.st_size) == size else {
            throw StoreError(
                code: .evidenceFileCorrupt,
                message: "stored file \(sha256.prefix(12))… is corrupt (it has \(info.st_size) bytes, not the \(size) "
                    + "recorded)")
        }
        return path
    }

    /// Every stored blob's address.
    public func storedHashes() -> [String] {
        let base = root + "/sha256"
        return FileSystem.list(base).flatMap { first in
            FileSystem.list("\(base)/\(first)").flatMap { second in FileSystem.list("\(base)/\(first)/\(second)") }
        }
    }

    /// Temporary files left by interrupted uploads.
    public func temporaryFiles() -> [String] {
        FileSystem.list(root + "/tmp").map { "\(root)/tmp/\($0)" }
    }

    /// The age of a stored blob in seconds (0 when unknown).
    func ageInSeconds(_ path: String, now: Int64) -> Int64 {
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        return now - Int64(info.st_mtim.tv_sec)
    }

    /// Deletes a stored blob, once an administrator's disposal of it is recorded
    /// (``EvidenceRegistry/recordDisposal(of:by:reason:)``); nothing else deletes evidence files.
    ///
    /// - Throws: ``StoreError`` `.fileRefused` when the file exists and cannot be deleted.
    public func remove(_ sha256: String) throws(StoreError) {
        let file = path(of: sha256)
        guard unlink(file) == 0 || errno == ENOENT else {
            throw StoreError(
                code: .fileRefused, message: "evidence file \(sha256) could not be deleted (errno \(errno))")
        }
    }

    /// Moves a blob into `ROOT/quarantine/` so it is no longer served, keeping it for inspection.
    func quarantine(_ sha256: String) throws(FileSystemError) {
        try FileSystem.makeDirectories(root + "/quarantine")
        let target = "\(root)/quarantine/\(sha256)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard rename(path(of: sha256), target) == 0 else { throw FileSystem.fail("quarantine", path(of: sha256)) }
    }

    /// Hashes a file from its current offset, optionally copying it.
    private func hash(
        _ source: Int32, label: String, copyingTo target: (descriptor: Int32, path: String)?
    ) throws(FileSystemError) -> (sha256: String, size: Int64) {
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: Self.chunkSize)
        var size: Int64 = 0
        while true {
            let count = try FileSystem.read(source, into: &buffer, path: label)
            if count == 0 { break }
            hasher.update(data: buffer[0..<count])
            if let target { try FileSystem.write(target.descriptor, buffer[0..<count], path: target.path) }
            size += Int64(count)
        }
        return (HashChain.hex(Array(hasher.finalize())), size)
    }
}

import AccreditEngine
import Crypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file stored in the blob store.
public struct StoredBlob: Hashable, Sendable {
    /// SHA-256 of the content, in hex: the blob's address.
    public var sha256: String
    /// Size in bytes.
    public var size: Int64
    /// The type detected from the content.
    public var mediaType: MediaType
    /// False when identical content was already stored (and this copy was discarded).
    public var isNew: Bool
}

/// A content-addressed file store: each file lives at `ROOT/sha256/ab/cd/<sha256>`, written atomically and durably,
/// stored once however often it is uploaded. Memory stays bounded: files are hashed while they stream through.
public struct BlobStore: Sendable {
    /// The directory that holds everything.
    public let root: String
    /// The largest file accepted, in bytes.
    public let maximumSize: Int64
    /// The chunk size for streaming.
    static let chunkSize = 1 << 20

    /// Opens (creating if needed) a store under `root`.
    ///
    /// - Throws: ``FileSystemError`` when the directories cannot be created.
    public init(root: String, maximumSize: Int64 = 512 << 20) throws(FileSystemError) {
        self.root = root
        self.maximumSize = maximumSize
        try FileSystem.makeDirectories(root + "/tmp")
        try FileSystem.makeDirectories(root + "/sha256")
    }

    /// The path of the blob with this hash (which may not exist).
    public func path(of sha256: String) -> String {
        Self.path(of: sha256, root: root)
    }

    /// The path of the blob with this hash in the store under `root`, without opening (or creating) the store.
    public static func path(of sha256: String, root: String) -> String {
        "\(root)/sha256/\(sha256.prefix(2))/\(sha256.dropFirst(2).prefix(2))/\(sha256)"
    }

    /// Stores the file at `path`: refuses symlinks, non-regular files, empty files and files over the limit, and
    /// files that change while they are read.
    ///
    /// - Returns: The stored blob; `isNew` is false when the content was already there.
    /// - Throws: ``StoreError`` `.fileRefused` saying what to do, or `.diskFull`.
    /// - Parameter progress: Called after each chunk with the bytes read so far and the file's size.
    public func put(
        fileAt path: String, maximumSize limit: Int64? = nil,
        progress: (_ done: Int64, _ total: Int64) -> Void = { _, _ in }
    ) throws(StoreError) -> StoredBlob {
        let maximumSize = limit ?? self.maximumSize
        let source: Int32
        do {
            source = try FileSystem.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
        } catch {
            if error.errno == ELOOP {
                throw StoreError(
                    code: .fileRefused, message: "\(path) is a symbolic link; upload the file it points to instead")
            }
            throw StoreError(code: .fileRefused, message: error.description)
        }
        defer { close(source) }
        var before = stat()
        guard fstat(source, &before) == 0, before.st_mode & S_IFMT == S_IFREG else {
            throw StoreError(code: .fileRefused, message: "\(path) is not a regular file; upload a file")
        }
        guard before.st_size > 0 else {
            throw StoreError(code: .fileRefused, message: "\(path) is empty; upload a file with content")
        }
        guard Int64(before.st_size) <= maximumSize else {
            throw StoreError(
                code: .fileRefused,
                message: "\(path) is \(before.st_size) bytes, over the store's upload limit of \(maximumSize) bytes "
                    + "(upload.max-bytes)")
        }
        let blob = try write(from: source, label: path, maximumSize: maximumSize) { done in
            progress(done, Int64(before.st_size))
        }
        var after = stat()
        guard fstat(source, &after) == 0, after.st_size == before.st_size,
            after.st_mtim.tv_sec == before.st_mtim.tv_sec,
            after.st_mtim.tv_nsec == before.st_mtim.tv_nsec, blob.size == Int64(before.st_size)
        else {
            // What was read is no upload: remove it if this read stored it, so it is not left as an orphan that only
            // an administrator may dispose of.
            if blob.isNew { unlink(self.path(of: blob.sha256)) }
            throw StoreError(
                code: .fileRefused,
                message: "\(path) changed while it was being read; upload it again once it is complete")
        }
        return blob
    }

    /// Streams `source` into the store through a ``BlobUpload``.
    private func write(
        from source: Int32, label: String, maximumSize: Int64, progress: (Int64) -> Void
    ) throws(StoreError) -> StoredBlob {
        let upload = try BlobUpload(into: self, maximumSize: maximumSize, label: label)
        var buffer = [UInt8](repeating: 0, count: Self.chunkSize)
        while true {
            let count: Int
            do {
                count = try FileSystem.read(source, into: &buffer, path: label)
            } catch {
                upload.abandon()
                throw BlobUpload.storeError(error, root: root)
            }
            if count == 0 { break }
            try upload.write(buffer[0..<count])
            progress(upload.size)
        }
        return try upload.finish()
    }
}

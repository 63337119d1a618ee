import AccreditEngine
import Crypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file being written into the blob store chunk by chunk (a streamed request body, or a file read in chunks),
/// hashed as it arrives: memory stays bounded whatever the size. Nothing is visible under the store's addresses
/// until ``finish(expectedSHA256:)`` renames the complete, synced file into place; an abandoned upload leaves no
/// file behind.
public final class BlobUpload {
    /// The store written into.
    let store: BlobStore
    /// The largest size accepted.
    let maximumSize: Int64
    /// What the upload is called in errors.
    let label: String
    private let temporary: String
    private var descriptor: Int32
    private var hasher = SHA256()
    private var head: [UInt8] = []
    /// Bytes written so far.
    public private(set) var size: Int64 = 0

    /// Starts an upload into `store` of at most `maximumSize` bytes.
    ///
    /// - Throws: ``StoreError`` `.fileRefused` or `.diskFull` when the temporary file cannot be created.
    public init(into store: BlobStore, maximumSize: Int64, label: String) throws(StoreError) {
        self.store = store
        self.maximumSize = maximumSize
        self.label = label
        temporary = "\(store.root)/tmp/upload-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        do {
            descriptor = try FileSystem.open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o640)
        } catch {
            throw Self.storeError(error, root: store.root)
        }
    }

    deinit {
        abandon()
    }

    /// Appends bytes.
    ///
    /// - Throws: ``StoreError`` `.fileRefused` once the upload passes its limit (the upload is then abandoned), or
    ///   `.diskFull`.
    public func write(_ bytes: some Collection<UInt8>) throws(StoreError) {
        guard descriptor >= 0 else {
            throw StoreError(code: .fileRefused, message: "\(label): the upload was already finished or abandoned")
        }
        size += Int64(bytes.count)
        guard size <= maximumSize else {
            abandon()
            throw StoreError(
                code: .fileRefused,
                message: "\(label) is over the limit of \(maximumSize) bytes (upload.max-bytes)")
        }
        let chunk = Array(bytes)
        hasher.update(data: chunk)
        if head.count < 65_536 { head += chunk.prefix(65_536 - head.count) }
        do {
            try FileSystem.write(descriptor, chunk[...], path: temporary)
        } catch {
            abandon()
            throw Self.storeError(error, root: store.root)
        }
    }

    /// Syncs the file and moves it to its address (discarding it when that content is already stored).
    ///
    /// - Parameter expectedSHA256: The digest the sender announced, if any; a different content is refused and
    ///   nothing is stored.
    /// - Throws: ``StoreError`` `.fileRefused` for an empty file or a digest that differs, `.diskFull`.
    public func finish(expectedSHA256: String? = nil) throws(StoreError) -> StoredBlob {
        guard descriptor >= 0 else {
            throw StoreError(code: .fileRefused, message: "\(label): the upload was already finished or abandoned")
        }
        guard size > 0 else {
            abandon()
            throw StoreError(code: .fileRefused, message: "\(label) is empty; upload a file with content")
        }
        let sha256 = HashChain.hex(Array(hasher.finalize()))
        if let expectedSHA256, expectedSHA256.lowercased() != sha256 {
            abandon()
            throw StoreError(
                code: .fileRefused,
                message: "\(label) arrived with SHA-256 \(sha256), not the \(expectedSHA256) its digest header "
                    + "announced; nothing was stored: send it again")
        }
        let blob = StoredBlob(sha256: sha256, size: size, mediaType: MediaType.detect(head), isNew: true)
        do throws(FileSystemError) {
            try FileSystem.sync(descriptor, path: temporary)
            close(descriptor)
            descriptor = -1
            let final = store.path(of: sha256)
            if FileSystem.exists(final) {
                unlink(temporary)
                return StoredBlob(sha256: sha256, size: size, mediaType: blob.mediaType, isNew: false)
            }
            let directory = String(final.dropLast(sha256.count + 1))
            try FileSystem.makeDirectories(directory)
            guard rename(temporary, final) == 0 else { throw FileSystem.fail("rename into", final) }
            try FileSystem.syncDirectory(directory)
            return blob
        } catch {
            abandon()
            throw Self.storeError(error, root: store.root)
        }
    }

    /// Stops the upload and removes its temporary file; does nothing once finished.
    public func abandon() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        unlink(temporary)
    }

    /// The store's error for a file system failure.
    static func storeError(_ error: FileSystemError, root: String) -> StoreError {
        let advice = error.isDiskFull ? "; free space under \(root) and retry" : ""
        return StoreError(code: error.isDiskFull ? .diskFull : .fileRefused, message: error.description + advice)
    }
}

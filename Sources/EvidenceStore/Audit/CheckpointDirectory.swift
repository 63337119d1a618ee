import AccreditEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A directory outside the database where every checkpoint is also written, one file per checkpoint named by its
/// sequence (`checkpoint-00000042.json`), for a body to publish (mail, a public git repository, a printed report).
///
/// Files are written atomically (a temporary file, fsynced, renamed, the directory fsynced) and never replaced: a
/// file for the same sequence with other content is refused, since it means two different checkpoints claimed one
/// place in the chain.
public struct CheckpointDirectory: Sendable {
    /// The directory's path.
    public let path: String

    /// Names a directory; it is created on the first write.
    public init(path: String) {
        self.path = path
    }

    /// The file a checkpoint is written to.
    public func filePath(of sequence: Int64) -> String {
        let digits = String(sequence)
        return path + "/checkpoint-" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits + ".json"
    }

    /// Writes a checkpoint's file, unless the same file is already there.
    ///
    /// - Returns: The file's path.
    /// - Throws: ``StoreError`` `.checkpointFileDiffers` when a file for its sequence holds another checkpoint,
    ///   `.environment` when the file cannot be written.
    @discardableResult
    public func write(_ checkpoint: Checkpoint) throws(StoreError) -> String {
        let target = filePath(of: checkpoint.sequence)
        let bytes = Array(checkpoint.fileText.utf8)
        do throws(FileSystemError) {
            try FileSystem.makeDirectories(path)
            // Linked into place, never replacing: a file already there (written now by another process, or earlier)
            // must hold this very checkpoint.
            try AtomicFile.write(bytes, to: target, mode: AtomicFile.publicMode, replacing: false)
        } catch {
            guard error.errno == EEXIST else {
                throw StoreError(code: .environment, message: "cannot write checkpoint file \(target): \(error)")
            }
            if (try? FileSystem.readFile(target, atMost: bytes.count + 1)) == bytes { return target }
            throw StoreError(
                code: .checkpointFileDiffers,
                message: "\(target) already holds another checkpoint \(checkpoint.sequence): two checkpoints claim "
                    + "one place in the chain; keep both files and audit the store against the published one")
        }
        return target
    }
}

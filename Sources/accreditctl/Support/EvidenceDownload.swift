import Crypto
import EvidenceStore
import Foundation

/// Downloading evidence through the server: streamed to a temporary file, hashed, checked against the server's
/// `Content-Digest`, and only then moved to its place.
enum EvidenceDownload {
    /// Downloads `path` to `destination`.
    ///
    /// - Returns: The size and SHA-256 written.
    /// - Throws: ``CommandFailure`` (exit 1) when the content does not match the digest, what the client throws.
    static func fetch(_ client: ClientMode, _ path: String, to destination: String) throws -> (Int64, String) {
        let (temporary, announced) = try client.download(path)
        defer { try? FileManager.default.removeItem(at: temporary) }
        let (size, sha256) = try hash(temporary.path)
        guard let announced, announced == sha256 else {
            throw CommandFailure(
                .refused,
                "the downloaded file hashes to \(sha256), not the \(announced ?? "(no digest)") the server announced; "
                    + "nothing was written: try again, and if it recurs run accreditctl evidence fsck on the server")
        }
        let target = URL(fileURLWithPath: destination)
        if FileManager.default.fileExists(atPath: destination) { try FileManager.default.removeItem(at: target) }
        try FileManager.default.moveItem(at: temporary, to: target)
        return (size, sha256)
    }

    /// The size and SHA-256 (hex) of a file, read in 1 MiB chunks.
    static func hash(_ path: String) throws -> (Int64, String) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CommandFailure(.invalid, "Cannot read \(path); check the path.")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size: Int64 = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            size += Int64(chunk.count)
        }
        return (size, hasher.finalize().map { String(format: "%02x", $0) }.joined())
    }
}

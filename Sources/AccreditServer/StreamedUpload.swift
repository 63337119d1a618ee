import AccreditAPI
import EvidenceStore
import NIOPosix

/// A file being streamed into the evidence store from a request: each piece written on the file threads as it
/// arrives (hashed on the way), and the client held to the server's minimum rate over successive windows, so that a
/// file sent fast and then trickled is cut off as soon as one window falls short.
final class StreamedUpload: @unchecked Sendable {
    /// The store's upload.
    private let upload: BlobUpload
    /// The threads that do file work.
    private let threads: NIOThreadPool
    /// The window over which the rate is measured, in seconds.
    private let window: Int64
    /// The slowest rate allowed, in bytes a second.
    private let minimumRate: Int64
    /// When the current window began.
    private var windowStart = ContinuousClock.now
    /// Bytes received in the current window.
    private var windowBytes: Int64 = 0
    /// Bytes received in all.
    private(set) var received: Int64 = 0

    /// Starts an upload of at most `maximum` bytes, called `label` in errors.
    ///
    /// - Throws: ``StoreError`` when the store cannot take a new file.
    init(configuration: ServerConfiguration, threads: NIOThreadPool, maximum: Int64, label: String) throws {
        upload = try BlobUpload(into: configuration.blobs, maximumSize: maximum, label: label)
        self.threads = threads
        window = configuration.uploadGraceSeconds
        minimumRate = configuration.minimumUploadBytesPerSecond
    }

    /// Writes the next piece.
    ///
    /// - Throws: ``Problem`` 408 `request.too-slow` when the last window fell short of the minimum rate;
    ///   ``StoreError`` when the file is over its limit or the disk fails.
    func write(_ bytes: [UInt8]) async throws {
        received += Int64(bytes.count)
        windowBytes += Int64(bytes.count)
        let elapsed = windowStart.duration(to: .now).components.seconds
        if elapsed >= window {
            guard windowBytes >= minimumRate * elapsed else {
                throw Problem(
                    status: 408, code: "request.too-slow", title: "Request timeout",
                    detail: "the file arrived at \(windowBytes / elapsed) bytes a second, under the server's "
                        + "minimum of \(minimumRate); nothing was stored: send it again over a faster connection")
            }
            windowStart = .now
            windowBytes = 0
        }
        try await threads.runIfActive { try self.upload.write(bytes) }
    }

    /// Finishes the file, checking its SHA-256 against `expected` when given.
    ///
    /// - Throws: ``StoreError`` for a digest mismatch or a failed write.
    func finish(expected: String?) async throws -> StoredBlob {
        return try await threads.runIfActive { try self.upload.finish(expectedSHA256: expected) }
    }

    /// Gives the file up: nothing of it is kept.
    func abandon() {
        upload.abandon()
    }

    /// A store error as the problem an upload answers: over the limit is 413.
    static func problem(_ error: StoreError, caseID: String) -> Problem {
        let problem = Problem(error, caseID: caseID)
        return problem.status == 422 && error.message.contains("over the limit")
            ? Problem(status: 413, code: problem.code, title: "Too large", detail: problem.detail) : problem
    }
}

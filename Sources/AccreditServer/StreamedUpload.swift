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
    /// The minimum rate, over successive windows.
    private var rate: RateWindow
    /// Bytes received in all.
    private(set) var received: Int64 = 0

    /// Starts an upload of at most `maximum` bytes, called `label` in errors.
    ///
    /// - Throws: ``StoreError`` when the store cannot take a new file.
    init(configuration: ServerConfiguration, threads: NIOThreadPool, maximum: Int64, label: String) throws {
        upload = try BlobUpload(into: configuration.blobs, maximumSize: maximum, label: label)
        self.threads = threads
        rate = RateWindow(configuration: configuration)
    }

    /// Writes the next piece.
    ///
    /// - Throws: ``Problem`` 408 `request.too-slow` when the last window fell short of the minimum rate
    ///   (``RateWindow``);
    ///   ``StoreError`` when the file is over its limit or the disk fails.
    func write(_ bytes: [UInt8]) async throws {
        received += Int64(bytes.count)
        try rate.add(bytes.count)
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

/// The minimum rate a request body must keep over successive windows (``ServerConfiguration/uploadGraceSeconds``
/// long, at ``ServerConfiguration/minimumUploadBytesPerSecond``): a body sent fast and then trickled is cut off as
/// soon as one window falls short.
struct RateWindow {
    /// The window's length, in seconds.
    let window: Int64
    /// The slowest rate allowed, in bytes a second.
    let minimumRate: Int64
    /// When the current window began.
    var start = ContinuousClock.now
    /// Bytes in the current window.
    var bytes: Int64 = 0

    /// The server's window and rate.
    init(configuration: ServerConfiguration) {
        window = configuration.uploadGraceSeconds
        minimumRate = configuration.minimumUploadBytesPerSecond
    }

    /// Counts `count` more bytes.
    ///
    /// - Throws: ``Problem`` 408 `request.too-slow` when the window that just ended fell short.
    mutating func add(_ count: Int) throws {
        bytes += Int64(count)
        let elapsed = start.duration(to: .now).components.seconds
        guard elapsed >= window else { return }
        guard bytes >= minimumRate * elapsed else {
            throw Problem(
                status: 408, code: "request.too-slow", title: "Request timeout",
                detail: "the upload arrived at \(bytes / elapsed) bytes a second, under the server's minimum of "
                    + "\(minimumRate); it was cut off and the file being sent was not stored: send it again over a "
                    + "faster connection")
        }
        start = .now
        bytes = 0
    }
}

import EvidenceStore
import Foundation

/// Streams one file into a fresh blob store and compares with `sha256sum` on the same file; then, with a server,
/// the same file into PostgreSQL in chunks (``ChunkedEvidenceBenchmark``).
enum UploadBenchmark {
    static func run(file: String, conninfo: String?) throws {
        let size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.doubleValue ?? 0
        let megabytes = size / 1_000_000
        let baselineStart = monotonicSeconds()
        let sha256sum = Process()
        sha256sum.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        sha256sum.arguments = [file]
        sha256sum.standardOutput = FileHandle.nullDevice
        try sha256sum.run()
        sha256sum.waitUntilExit()
        let baseline = monotonicSeconds() - baselineStart

        let root = NSTemporaryDirectory() + "accredit-upload-bench-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = try BlobStore(root: root, maximumSize: Int64.max)
        let start = monotonicSeconds()
        let blob = try store.put(fileAt: file)
        let elapsed = monotonicSeconds() - start
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print(
            "upload: \(String(format: "%.0f", megabytes)) MB in \(String(format: "%.2f", elapsed)) s = "
                + "\(String(format: "%.0f", megabytes / elapsed)) MB/s (hash + write + fsync + rename); "
                + "sha256sum: \(String(format: "%.0f", megabytes / baseline)) MB/s; ratio \(String(format: "%.2f", baseline / elapsed)); "
                + "peak RSS \(usage.ru_maxrss / 1024) MB; sha256 \(blob.sha256.prefix(16))…")
        if let conninfo {
            try ChunkedEvidenceBenchmark.run(file: file, conninfo: conninfo, megabytes: megabytes, baseline: baseline)
        }
    }
}

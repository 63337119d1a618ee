import AccreditEngine
import EmbeddedPostgres
import EvidenceStore
import Foundation

/// Prints EvidenceStore figures: appends against plain INSERTs, bulk import, and streaming upload against sha256sum.
///
/// Usage: `StoreBenchmarks [appends|import|desk-import|audit|replay-audit|concurrency|upload FILE]…` (appends and import by default). Uses `ACCREDIT_DATABASE_URL`
/// when set, otherwise a fresh durable cluster (default settings: fsync and synchronous_commit on) in a temporary home.
@main
struct StoreBenchmarks {
    static func main() throws {
        defer { BenchmarkScratch.remove() }
        let arguments = Array(CommandLine.arguments.dropFirst())
        let modes = arguments.isEmpty ? ["appends", "import"] : arguments
        if modes.first == "upload" {
            guard modes.count == 2 else {
                print("usage: StoreBenchmarks upload FILE")
                exit(2)
            }
            let server = try BenchmarkServer()
            defer { server.stop() }
            try UploadBenchmark.run(file: modes[1], conninfo: server.conninfo)
            return
        }
        let server = try BenchmarkServer()
        defer { server.stop() }
        for mode in modes {
            switch mode {
            case "appends": try AppendBenchmark(conninfo: server.conninfo).run()
            case "import": try ImportBenchmark(conninfo: server.conninfo).run()
            case "desk-import": try DeskImportBenchmark(conninfo: server.conninfo).run()
            case "audit": try AuditBenchmark(conninfo: server.conninfo).run()
            case "replay-audit": try ReplayAuditBenchmark(conninfo: server.conninfo).run()
            case "concurrency": try ConcurrencyBenchmark(conninfo: server.conninfo).run()
            default:
                print(
                    "unknown mode \(mode): use appends, import, desk-import, audit, replay-audit, concurrency or "
                        + "upload FILE")
            }
        }
    }
}

/// This run's temporary files (evidence roots, sample files, keys), in one directory removed when the run ends.
enum BenchmarkScratch {
    /// The directory, named for this process.
    static let directory = NSTemporaryDirectory() + "accredit-bench-scratch-\(getpid())/"

    /// A path inside the directory, which is created first.
    static func path(_ name: String) -> String {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory + name
    }

    /// Removes the directory and everything in it.
    static func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// A durable server to measure against: the configured one, or a temporary embedded cluster.
struct BenchmarkServer {
    let conninfo: String
    private let cluster: LocalCluster?

    init() throws {
        if let url = ProcessInfo.processInfo.environment["ACCREDIT_DATABASE_URL"], !url.isEmpty {
            conninfo = url
            cluster = nil
        } else {
            let home = NSTemporaryDirectory() + "accredit-bench-\(getpid())"
            let local = LocalCluster(home: home)
            conninfo = try local.start()
            cluster = local
            print(
                "server: temporary embedded cluster in \(home) (PostgreSQL defaults: fsync on, synchronous_commit on)")
        }
        let db = try PostgresConnection(conninfo: conninfo)
        try Migrator(connection: db).migrate()
    }

    func stop() {
        guard let cluster else { return }
        try? cluster.stop()
        try? FileManager.default.removeItem(atPath: cluster.home)
    }
}

/// Wall-clock seconds since an arbitrary start, from the monotonic clock.
func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// The middle value (the upper of the two middle ones for an even count); 0 for none.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

/// A rate with thousands separators.
func rate(_ value: Double) -> String {
    let formatter = NumberFormatter()
    formatter.numberStyle = .decimal
    formatter.maximumFractionDigits = 0
    return formatter.string(from: NSNumber(value: value)) ?? String(Int(value))
}

import Foundation
import Testing

/// An upload killed partway through leaves no metadata row, no event and no visible partial file, and can simply be
/// retried.
struct UploadCrashEndToEndTests {
    @Test func aKilledUploadLeavesNothingVisibleAndCanBeRetried() async throws {
        try await CLIRunner.withWorld { cli in
            try cli.toEvidence()
            let before = try cli.ok(["case", "show", "C-1", "--as", "sec", "--json"]).json()["version"] as? Int
            #expect(before == 6)
            // A large file, so the upload is still streaming when it is killed (sparse: fast to create and read).
            let path = cli.directory + "/board-minutes.pdf"
            _ = FileManager.default.createFile(atPath: path, contents: Data("%PDF-1.7\n".utf8))
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.truncate(atOffset: 500 << 20)
            try handle.close()

            let upload = try cli.start([
                "evidence", "upload", "C-1", path, "--criterion", "SL-1.1", "--item", "1", "--as", "ann",
            ])
            let temporary = cli.directory + "/blobs/tmp"
            var sawTemporaryFile = false
            // Poll tightly (not with Task.sleep, which can oversleep under load) and kill as soon as it streams.
            for _ in 0..<20_000 where upload.process.isRunning {
                if let names = try? FileManager.default.contentsOfDirectory(atPath: temporary), !names.isEmpty {
                    sawTemporaryFile = true
                    break
                }
                usleep(500)
            }
            kill(upload.process.processIdentifier, SIGKILL)
            let killed = try upload.finish()
            #expect(sawTemporaryFile, "the upload should have been streaming when it was killed")
            #expect(killed.status != 0)

            let stored = (try? FileManager.default.subpathsOfDirectory(atPath: cli.directory + "/blobs/sha256")) ?? []
            #expect(stored.filter { $0.count > 60 }.isEmpty, "no file may appear under its content address")
            let listing = try cli.ok(["evidence", "list", "C-1", "--as", "sec", "--json"]).stdout
            #expect(!listing.contains("SL-1.1"))
            #expect(try cli.ok(["case", "show", "C-1", "--as", "sec", "--json"]).json()["version"] as? Int == before)
            // The leftover temporary file is recent, so fsck leaves it alone and reports the store consistent.
            #expect(try cli.run(["evidence", "fsck", "--as", "sec"]).status == 0)

            let retried = try cli.ok([
                "evidence", "upload", "C-1", path, "--criterion", "SL-1.1", "--item", "1", "--as", "ann",
            ])
            #expect(retried.stdout.contains("uploaded E-1"))
            let after = try cli.ok(["evidence", "list", "C-1", "--as", "sec", "--json"]).stdout
            #expect(after.components(separatedBy: "\"E-1\"").count == 2)
            #expect(after.components(separatedBy: "\"E-2\"").count == 1)
        }
    }
}

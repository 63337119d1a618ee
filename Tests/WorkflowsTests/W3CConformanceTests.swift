import AccreditEngine
import Foundation
import Statecharts
import Testing
import Workflows

/// Runs every W3C SCXML IRP test in `../shared/scxml-w3c`, straight through and through snapshot round trips.
struct W3CConformanceTests {
    /// The shared conformance folder: `<repoRoot>/../shared/scxml-w3c`, repo root being three levels above this file.
    static let suiteFolder: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/scxml-w3c")

    /// Every top-level `testNNN*.scxml` file (child documents `testNNNsubM` excluded), as paths relative to the suite:
    /// the datamodel-free tests, and the mandatory tests converted to the `accredit` datamodel; then the other
    /// mandatory tests this repository keeps (``moreFolder``), named `more/testNNN.scxml`.
    static let testFiles: [String] = {
        var files: [String] = []
        for (group, datamodels) in [
            ("mandatory", ["null", "counter", "accredit"]), ("optional", ["null", "counter"]),
        ] {
            for datamodel in datamodels {
                let folder = suiteFolder.appendingPathComponent("\(group)/\(datamodel)")
                let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
                for name in names.sorted()
                where name.hasPrefix("test") && name.hasSuffix(".scxml") && !name.contains("sub") {
                    files.append("\(group)/\(datamodel)/\(name)")
                }
            }
        }
        let more = (try? FileManager.default.contentsOfDirectory(atPath: moreFolder.path)) ?? []
        files += more.sorted().filter { $0.hasSuffix(".scxml") }.map { morePrefix + $0 }
        return files
    }()

    /// The other mandatory tests, converted the same way and kept in this repository (see its README).
    static let moreFolder = URL(fileURLWithPath: FrameworkPaths.testsDirectory + "Fixtures/w3c-mandatory")

    /// How ``testFiles`` names a test of ``moreFolder``.
    static let morePrefix = "more/"

    /// The path of a test named as in ``testFiles``.
    static func path(_ file: String) -> String {
        if file.hasPrefix(morePrefix) {
            return moreFolder.appendingPathComponent(String(file.dropFirst(morePrefix.count))).path
        }
        return suiteFolder.appendingPathComponent(file).path
    }

    /// The suite folder must exist and hold tests: a missing folder fails instead of silently skipping.
    @Test func suiteIsPresent() {
        #expect(Self.testFiles.filter { $0.hasPrefix(Self.morePrefix) }.count == 67)
        #expect(
            !Self.testFiles.isEmpty,
            "no W3C tests found under \(Self.suiteFolder.path); the shared folder must sit next to the repository")
    }

    @Test(arguments: testFiles)
    func straightThrough(_ file: String) throws {
        let outcome = try run(file, roundTrip: false)
        expectPass(file, outcome)
    }

    @Test(arguments: testFiles)
    func throughSnapshots(_ file: String) throws {
        let outcome = try run(file, roundTrip: true)
        expectPass(file, outcome)
        let live = try run(file, roundTrip: false)
        #expect(outcome.macrosteps == live.macrosteps, "\(file): restored run diverged from the live run")
    }

    /// A test passes: it halts in the top-level final state `pass`.
    func expectPass(_ file: String, _ outcome: Simulation.Outcome) {
        #expect(outcome.snapshot.finalState == "pass", "\(file) ended \(describe(outcome))")
    }

    func run(_ file: String, roundTrip: Bool) throws -> Simulation.Outcome {
        let path = Self.path(file)
        let interpreter = try SCXMLLoader.interpreter(fileAt: path)
        let start = Instant(iso8601: "2026-01-01T00:00:00Z") ?? .epoch
        return try Simulation(interpreter: interpreter, start: start, roundTripSnapshots: roundTrip).run()
    }

    func describe(_ outcome: Simulation.Outcome) -> String {
        if let final = outcome.snapshot.finalState { return "in final state '\(final)'" }
        return "running in \(outcome.snapshot.configuration), halted: \(outcome.snapshot.isHalted)"
    }
}

import AccreditEngine
import Foundation
import Statecharts
import Testing
import Workflows

/// Each `Fixtures/semantics/NAME.scxml` runs with the events in `NAME.events` (one `NAME[=JSON]` per line, optional)
/// and must print exactly `NAME.trace`, the `accreditctl workflow simulate` output.
struct SemanticsFixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/semantics")

    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".scxml") }.map { String($0.dropLast(6)) }.sorted()
    }()

    @Test func fixturesArePresent() {
        #expect(!Self.names.isEmpty, "no fixtures found in \(Self.folder.path)")
    }

    @Test(arguments: names)
    func traceMatches(_ name: String) throws {
        let base = Self.folder.appendingPathComponent(name)
        let interpreter = try SCXMLLoader.interpreter(fileAt: base.path + ".scxml")
        let events = (try? String(contentsOfFile: base.path + ".events", encoding: .utf8)) ?? ""
        let inputs = try events.split(separator: "\n").map { try SimulationInput.parse(String($0)) }
        let expected = try String(contentsOfFile: base.path + ".trace", encoding: .utf8)
        let start = Instant(iso8601: "2026-01-01T00:00:00Z") ?? .epoch
        for roundTrip in [false, true] {
            let outcome = try Simulation(interpreter: interpreter, start: start, roundTripSnapshots: roundTrip).run(
                inputs)
            let lines = SimulationReport.lines(outcome, json: false)
            #expect(lines.joined(separator: "\n") + "\n" == expected, "\(name) (round trip: \(roundTrip))")
        }
    }
}

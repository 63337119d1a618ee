import AccreditEngine
import AccreditServer
import CaseService
import EvidenceStore
import Foundation
import PostgresTestSupport
import ServiceTestSupport
import Statecharts
import Testing

/// The portal in a real browser: headless Chromium driven by Selenium (`Tests/Browser/portal_flows.py`, from the
/// `.venv` that `scripts/install-deps` makes), against the real server over its own database, with axe-core checking
/// every page. Screenshots of each page are kept in `.build/artifacts/portal` (or `$ACCREDIT_ARTIFACTS/portal`).
@Suite(.serialized) struct PortalBrowserTests {
    /// The Python with Selenium and axe-selenium-python.
    static let python = DeskFixtures.repository + ".venv/bin/python"
    /// The flows.
    static let flows = DeskFixtures.repository + "Tests/Browser/portal_flows.py"
    /// The axe-core script.
    static let axe = DeskFixtures.repository + ".venv/share/axe/axe.min.js"
    /// Where screenshots go.
    static var screenshots: String {
        (ProcessInfo.processInfo.environment["ACCREDIT_ARTIFACTS"] ?? DeskFixtures.repository + ".build/artifacts")
            + "/portal"
    }

    @Test func everyRolesFlowWorksInABrowserAndEveryPagePassesAxe() async throws {
        guard Self.toolsArePresent() else { return }
        // swift-format-ignore: OnlyOneTrailingClosureArgument
        try await ServerHarness.run(configure: { $0.registerCacheSeconds = 0 }) { server in
            try server.openCaseForEvidence("C-1")
            try server.openCase("H-1", organisation: "hillside")
            try server.desk.recordSite(
                Site(organisation: "hillside", code: "main", name: "Hillside Hospital", recordedBy: ""), by: "sec")
            try server.desk.recordService(
                OrganisationService(
                    organisation: "hillside", code: "theatres", site: "main", kind: "inpatient",
                    name: "Operating theatres", recordedBy: ""), by: "sec")
            let review = try server.openCaseForReview("C-2")
            var people: [String: String] = [:]
            for actor in ["ann", "alice", "sec", "lee", "dana", "aud"] {
                people[actor] = try server.password(for: actor)
            }
            try await TestFiles.withTemporaryDirectory { directory in
                var files: [String] = []
                for name in ["incident-policy.pdf", "learning-log.pdf"] {
                    let path = directory + "/" + name
                    try Data("%PDF-1.4\n% \(name)\n".utf8 + Data(repeating: 0x41, count: 200_000))
                        .write(to: URL(fileURLWithPath: path))
                    files.append(path)
                }
                let plan: [String: Any] = [
                    "base": server.base.absoluteString, "screenshots": Self.screenshots, "axe": Self.axe,
                    "people": people, "files": files, "case": "C-1", "otherCase": "H-1", "reviewCase": "C-2",
                    "rejectItem": try #require(review["SL-1.1"]),
                ]
                let planFile = directory + "/plan.json"
                try JSONSerialization.data(withJSONObject: plan).write(to: URL(fileURLWithPath: planFile))
                let (status, output) = try await Self.run(Self.python, [Self.flows, planFile])
                #expect(status == 0, "\(output)")
                let stored = try server.desk.evidence(of: "C-1", for: "sec")
                #expect(stored.count == 3, "\(stored.map(\.fileName))")
                #expect(Set(stored.map(\.criterionID)) == ["SL-2.2", "LD-1.2", "SL-2.1"])
                #expect(try server.desk.load("H-1").state.record.scope?.services.map(\.code) == ["theatres"])
                let decided = try server.desk.view("C-2", as: "sec")
                #expect(decided.state.status == "suspension-appealable", "\(decided.state.status)")
                #expect(decided.state.record.ratings.count == review.count)
            }
        }
    }

    @Test func aRenewalWorksInABrowserAndItsPagesPassAxe() async throws {
        guard Self.toolsArePresent() else { return }
        // swift-format-ignore: OnlyOneTrailingClosureArgument
        try await ServerHarness.run(configure: { $0.registerCacheSeconds = 0 }) { server in
            // C-6 awarded, LD-1.2's evidence accepted, four months before the expiry with surveillance done.
            try server.desk.changeSetting(.sandbox, by: "sec")
            try server.openCaseForDecision("C-6")
            _ = try server.desk.fire("C-6", event: "decision.record", data: ["outcome": "accredited"], by: "dana")
            let item = try #require(
                try server.desk.evidence(of: "C-6", for: "sec").first { $0.criterionID == "LD-1.2" }?.evidenceID)
            _ = try server.desk.reviewEvidence("C-6", evidence: item, accept: true, reason: nil, by: "alice")
            let expiry = try server.desk.certificate(for: "C-6").expiresAt
            try server.desk.changeSetting(.clock(simulated: expiry.adding(months: -4)), by: "sec")
            _ = try server.desk.fire("C-6", event: "surveillance.complete", by: "lee")
            var people: [String: String] = [:]
            for actor in ["ann", "sec"] { people[actor] = try server.password(for: actor) }
            try await TestFiles.withTemporaryDirectory { directory in
                let plan: [String: Any] = [
                    "base": server.base.absoluteString, "screenshots": Self.screenshots, "axe": Self.axe,
                    "people": people, "flows": ["applicant_renews"], "renewalCase": "C-6", "reuseItem": item,
                ]
                let planFile = directory + "/plan.json"
                try JSONSerialization.data(withJSONObject: plan).write(to: URL(fileURLWithPath: planFile))
                let (status, output) = try await Self.run(Self.python, [Self.flows, planFile])
                #expect(status == 0, "\(output)")
                let record = try server.desk.load("C-6").state.record
                #expect(record.cycle == 2 && record.reuse(of: item) != nil)
            }
        }
    }

    /// Whether Python with Selenium, Chromium, its driver and axe-core are installed; records an issue naming the
    /// first one missing.
    static func toolsArePresent() -> Bool {
        for tool in [python, "/usr/bin/chromium", "/usr/bin/chromedriver", axe]
        where !FileManager.default.fileExists(atPath: tool) {
            Issue.record("\(tool) is missing: run scripts/install-deps")
            return false
        }
        return true
    }

    /// Runs a program on a thread of its own (its wait blocks), and gives its exit status and output.
    static func run(_ program: String, _ arguments: [String]) async throws -> (Int32, String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: program)
                process.arguments = arguments
                let pipe = Pipe()
                process.standardOutput = pipe
                process.standardError = pipe
                do {
                    try process.run()
                    let output = pipe.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    continuation.resume(returning: (process.terminationStatus, String(decoding: output, as: UTF8.self)))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}

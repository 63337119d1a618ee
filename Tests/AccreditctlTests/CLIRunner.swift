import AccreditEngine
import Foundation
import PostgresTestSupport
import Workflows

/// Runs the built `accreditctl` binary against one test database, blob root and home directory.
struct CLIRunner {
    /// What one run printed and how it exited.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        /// Stdout parsed as a JSON object.
        func json() throws -> [String: Any] {
            let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
            guard let dictionary = object as? [String: Any] else { throw RunnerError("not a JSON object: \(stdout)") }
            return dictionary
        }
    }

    /// A runner failure.
    struct RunnerError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// The database to use; empty for the embedded cluster under the runner's home.
    let conninfo: String
    let directory: String
    /// Variables added to every run's environment (PGOPTIONS, say).
    var environment: [String: String] = [:]
    /// The binary to run: the built one, or a copy elsewhere.
    var executable = CLIRunner.binary
    private let counter = Counter()

    init(conninfo: String, directory: String) {
        self.conninfo = conninfo
        self.directory = directory
    }

    /// The binary built next to the test bundle, or under the repository's `.build/debug`.
    static let binary: String = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let file = #filePath
        let repository = URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = [
            bundle.appendingPathComponent("accreditctl").path,
            bundle.deletingLastPathComponent().appendingPathComponent("accreditctl").path,
            repository.appendingPathComponent(".build-cli/debug/accreditctl").path,
            repository.appendingPathComponent(".build/debug/accreditctl").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }()

    /// The repository root, for the shipped definitions.
    static let repository: String = {
        let file = #filePath
        return URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }()

    /// Starts the binary with `arguments`; call `finish` on the result to wait for it.
    func start(_ arguments: [String]) throws -> Running {
        let number = counter.next()
        let out = directory + "/run-\(number).out"
        let err = directory + "/run-\(number).err"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // Relative paths in arguments (an --out FILE, say) land in the test's directory, never in the repository.
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var variables = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": directory, "ACCREDIT_HOME": directory + "/home", "ACCREDIT_BLOB_ROOT": directory + "/blobs",
            "COLUMNS": "200",
        ]
        if !conninfo.isEmpty { variables["ACCREDIT_DATABASE_URL"] = conninfo }
        process.environment = variables.merging(environment) { _, added in added }
        guard let stdout = FileHandle(forWritingAtPath: out), let stderr = FileHandle(forWritingAtPath: err) else {
            throw RunnerError("cannot create output files in \(directory)")
        }
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        return Running(process: process, out: out, err: err, handles: [stdout, stderr])
    }

    /// Runs the binary and waits for it.
    @discardableResult
    func run(_ arguments: [String]) throws -> Result {
        try start(arguments).finish()
    }

    /// Runs the binary and requires exit status 0.
    @discardableResult
    func ok(_ arguments: [String]) throws -> Result {
        let result = try run(arguments)
        guard result.status == 0 else {
            throw RunnerError(
                "accreditctl \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result
    }

    /// A started process.
    struct Running {
        let process: Process
        let out: String
        let err: String
        let handles: [FileHandle]

        /// Waits for the process and reads what it printed.
        func finish() throws -> Result {
            process.waitUntilExit()
            for handle in handles { try handle.close() }
            return Result(
                status: process.terminationStatus,
                stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
        }
    }

    /// Numbers the runs of one test.
    final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()

        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }
}

extension CLIRunner {
    /// Every criterion of the shipped framework, and the mandatory ones.
    static let criteria: [String] = ["SL", "LD", "PP", "PE", "DI", "CU"].flatMap { foundation in
        (1...3).flatMap { group in (1...2).map { "\(foundation)-\(group).\($0)" } }
    }
    static let mandatory = [
        "SL-1.1", "SL-1.2", "SL-2.1", "LD-1.1", "LD-1.2", "PP-1.1", "PP-2.1", "PE-1.1", "PE-2.1", "DI-1.1", "DI-3.1",
        "CU-1.1", "CU-2.1",
    ]

    /// Runs `body` with a runner over a fresh, migrated database with the shipped definitions published and a
    /// cast of organisations and actors registered.
    static func withWorld<T>(_ body: (CLIRunner) async throws -> T) async throws -> T {
        try await TestFiles.withTemporaryDirectory { directory in
            try await TestDatabase.withDatabase { conninfo in
                let cli = CLIRunner(conninfo: conninfo, directory: directory)
                try cli.populate()
                return try await body(cli)
            }
        }
    }

    /// Initialises the store (migrations and the shipped definitions, whose roles say what each role is), publishes
    /// the definitions again as the secretariat, and registers the cast: organisations riverside and hillside;
    /// sec (secretariat), ann (riverside applicant), hal (hillside applicant), alice, carl (assessors), lee (lead
    /// assessor), dana (decision maker), rex (assessor and decision maker) and aud (auditor).
    func populate() throws {
        try ok(["init"])
        // The first secretariat member (an administrator) adds themselves; everything else is done by them.
        try ok(["actor", "add", "sec", "--name", "Sec", "--role", "secretariat", "--as", "sec"])
        try ok([
            "framework", "publish", "--as", "sec",
            Self.repository + "/Definitions/frameworks/patient-safety-standards-v1.xml",
        ])
        try ok([
            "workflow", "publish", "--as", "sec",
            Self.repository + "/Definitions/workflows/patient-safety-accreditation.scxml",
        ])
        try ok([
            "org", "register", "riverside", "--name", "Riverside NHS Foundation Trust", "--ods", "RXX", "--as", "sec",
        ])
        try ok(["org", "register", "hillside", "--name", "Hillside Hospital", "--as", "sec"])
        // A test store is a sandbox, so tests can move its clock forward (store set clock) to make deadlines due.
        try ok(["store", "set", "sandbox", "true", "--as", "sec"])
        let people: [[String]] = [
            ["ann", "--role", "applicant", "--organisation", "riverside"],
            ["hal", "--role", "applicant", "--organisation", "hillside"],
            ["alice", "--role", "assessor"],
            ["lee", "--role", "lead-assessor"], ["dana", "--role", "decision-maker"],
            ["rex", "--role", "assessor", "--role", "decision-maker"], ["carl", "--role", "assessor"],
            ["aud", "--role", "auditor"],
        ]
        for person in people {
            try ok(
                ["actor", "add", person[0], "--name", person[0].capitalized] + person.dropFirst() + ["--as", "sec"])
        }
        for person in ["alice", "lee", "rex", "carl"] {
            try ok([
                "competence", "record", person, "--framework", "patient-safety-standards", "--trained", "2020-01-01",
                "--until", "2099-12-31", "--as", "sec",
            ])
        }
    }

    /// Opens C-1 for riverside and takes it to the evidence stage.
    func toEvidence(_ caseID: String = "C-1") throws {
        try ok(["case", "open", caseID, "--organisation", "riverside", "--as", "sec"])
        for (event, actor) in [
            ("application.submit", "ann"), ("application.accept", "sec"), ("eligibility.confirm", "sec"),
        ] {
            try ok(["case", "fire", caseID, event, "--as", actor])
        }
        try ok(["team", "assign", caseID, "lee", "--lead", "--as", "sec"])
        try ok(["team", "assign", caseID, "alice", "--as", "sec"])
        try ok(["case", "fire", caseID, "impartiality.confirm", "--as", "sec"])
    }

    /// The rest of a submission after a file for the first expected item (`--item 1`) of each of `evidenced`: `file`
    /// for each of their further items, and a self-assessment of every criterion, as `actor`. Returns how many files
    /// it uploaded.
    @discardableResult
    func completeSubmission(
        _ caseID: String, file: String, evidenced: [String] = CLIRunner.mandatory, as actor: String = "ann"
    ) throws -> Int {
        let framework = try FrameworkReader.loadFramework(
            fileAt: Self.repository + "/Definitions/frameworks/patient-safety-standards-v1.xml"
        ).framework
        var uploads = 0
        for criterion in framework.criteria {
            for item in criterion.evidenceSlots.dropFirst().compactMap(\.item) where evidenced.contains(criterion.id) {
                try ok([
                    "evidence", "upload", caseID, file, "--criterion", criterion.id, "--item", "\(item)", "--as", actor,
                ])
                uploads += 1
            }
            try ok([
                "self-assessment", "record", caseID, criterion.id, "met", "--narrative", "How we meet it.", "--as",
                actor,
            ])
        }
        return uploads
    }

    /// This runner as a client of the server at `base`, signed in with a new token for `actor`.
    func client(of base: String, as actor: String) throws -> CLIRunner {
        var client = self
        client.environment["ACCREDIT_SERVER"] = base
        client.environment["ACCREDIT_TOKEN"] = try ok(["token", "create", "--for", actor]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return client
    }

    /// Writes a small evidence file and returns its path.
    func evidenceFile(_ name: String, _ text: String) throws -> String {
        let path = directory + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

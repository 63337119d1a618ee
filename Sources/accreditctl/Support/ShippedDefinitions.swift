import Foundation

/// The workflow and framework files shipped in the repository's `Definitions/` folder.
enum ShippedDefinitions {
    /// The shipped framework, relative to `Definitions/`.
    static let framework = "frameworks/patient-safety-standards-v1.xml"
    /// The shipped workflow, relative to `Definitions/`.
    static let workflow = "workflows/patient-safety-accreditation.scxml"

    /// The `Definitions/` folder: `ACCREDIT_DEFINITIONS`, else the nearest one above the executable or the current
    /// directory.
    static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let configured = environment["ACCREDIT_DEFINITIONS"], !configured.isEmpty { return configured }
        var candidates: [URL] = []
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(directory.appendingPathComponent("Definitions"))
            directory = directory.deletingLastPathComponent()
        }
        candidates.append(
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Definitions"))
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent(workflow).path) {
            return candidate.path
        }
        throw CommandFailure(
            .notFound,
            "cannot find the shipped Definitions/ folder; run from the repository or set ACCREDIT_DEFINITIONS to it")
    }
}

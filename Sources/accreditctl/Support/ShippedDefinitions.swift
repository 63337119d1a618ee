import Foundation
import Workflows

/// The workflow and framework that `init` and `demo` publish: the shipped pair built into the binary (from the
/// repository's `Definitions/`, linked into `Shipped/` and embedded), or the same two files from another folder.
struct ShippedDefinitions {
    /// One definition file's bytes and the name diagnostics give it.
    struct File {
        /// The file's exact bytes.
        var bytes: [UInt8]
        /// The path, or `built-in:` and the path under `Definitions/`.
        var name: String
    }

    /// The framework, relative to `Definitions/`.
    static let frameworkPath = "frameworks/patient-safety-standards-v1.xml"
    /// The workflow, relative to `Definitions/`.
    static let workflowPath = "workflows/patient-safety-accreditation.scxml"

    /// The framework to publish first.
    var framework: File
    /// The workflow to publish, on that framework.
    var workflow: File

    /// The pair built into the binary.
    static let builtIn = ShippedDefinitions(
        framework: File(bytes: PackageResources.patient_safety_standards_v1_xml, name: "built-in:" + frameworkPath),
        workflow: File(bytes: PackageResources.patient_safety_accreditation_scxml, name: "built-in:" + workflowPath))

    /// The built-in pair, or the pair in `folder` (laid out like the repository's `Definitions/`) when one is given.
    ///
    /// - Throws: ``CommandFailure`` (not found) when the folder lacks one of the two files.
    static func load(from folder: String?) throws -> ShippedDefinitions {
        guard let folder else { return builtIn }
        let framework = try read(folder, frameworkPath)
        let workflow = try read(folder, workflowPath)
        return ShippedDefinitions(framework: framework, workflow: workflow)
    }

    private static func read(_ folder: String, _ path: String) throws -> File {
        let file = URL(fileURLWithPath: folder).appendingPathComponent(path).path
        guard FileManager.default.fileExists(atPath: file) else {
            throw CommandFailure(
                .notFound,
                "--definitions \(folder) has no \(path): give a folder laid out like the repository's Definitions/ "
                    + "(\(frameworkPath) and \(workflowPath)), or leave --definitions out to use the built-in ones")
        }
        do {
            return File(bytes: try Workflows.readFileBytes(file), name: file)
        } catch {
            throw CommandFailure(.environment, "cannot read \(file): \(error)")
        }
    }
}

import Foundation
import PostgresTestSupport
import Testing

@testable import accreditctl

/// `init` and `demo` carry the shipped definitions inside the binary, and take `--definitions DIR` for others.
struct ShippedDefinitionsTests {
    @Test func theBuiltInDefinitionsAreTheFilesInDefinitions() throws {
        let definitions = CLIRunner.repository + "/Definitions/"
        let framework = try Data(contentsOf: URL(fileURLWithPath: definitions + ShippedDefinitions.frameworkPath))
        let workflow = try Data(contentsOf: URL(fileURLWithPath: definitions + ShippedDefinitions.workflowPath))
        #expect(ShippedDefinitions.builtIn.framework.bytes == Array(framework))
        #expect(ShippedDefinitions.builtIn.workflow.bytes == Array(workflow))
    }

    /// A copy of the binary outside the repository, run from an empty directory, has nothing to find on disk.
    @Test func initAndDemoRunFromAnyDirectory() async throws {
        try await TestFiles.withTemporaryDirectory { directory in
            try await TestDatabase.withDatabase { conninfo in
                try FileManager.default.createDirectory(
                    atPath: directory + "/bin", withIntermediateDirectories: true)
                try FileManager.default.copyItem(atPath: CLIRunner.binary, toPath: directory + "/bin/accreditctl")
                var cli = CLIRunner(conninfo: conninfo, directory: directory)
                cli.executable = directory + "/bin/accreditctl"

                let initialised = try cli.ok(["init"])
                #expect(initialised.stdout.contains("framework: patient-safety-standards@1 sha256:"))
                #expect(initialised.stdout.contains("workflow: patient-safety-accreditation@1 sha256:"))
                #expect(initialised.stdout.contains("(published)"))

                let again = try cli.ok(["init", "--definitions", CLIRunner.repository + "/Definitions"])
                #expect(again.stdout.contains("framework: patient-safety-standards@1 sha256:"))
                #expect(!again.stdout.contains("(published)"))

                let demo = try cli.ok(["demo"])
                #expect(demo.stdout.contains("Summary: case DEMO-1"))
            }
        }
    }

    @Test func aDefinitionsFolderWithoutTheFilesSaysWhatToGive() async throws {
        try await TestFiles.withTemporaryDirectory { directory in
            try await TestDatabase.withDatabase { conninfo in
                let cli = CLIRunner(conninfo: conninfo, directory: directory)
                for command in ["init", "demo"] {
                    let result = try cli.run([command, "--definitions", directory])
                    #expect(result.status == 4)
                    #expect(
                        result.stderr == """
                            error: --definitions \(directory) has no frameworks/patient-safety-standards-v1.xml: give \
                            a folder laid out like the repository's Definitions/ (frameworks/patient-safety-standards\
                            -v1.xml and workflows/patient-safety-accreditation.scxml), or leave --definitions out to \
                            use the built-in ones

                            """)
                }
            }
        }
    }
}

import AccreditEngine
import ArgumentParser
import CaseService
import EmbeddedPostgres
import EvidenceStore
import Foundation
import Workflows

extension Accreditctl {
    /// `accreditctl init`: set up the home directory, the database, the signing key and the shipped definitions.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set up Accredit: home directory, database schema, signing key, and the shipped definitions.",
            discussion: """
                Safe to run again: each step is skipped when already done. The signing key is created here (or an \
                existing key file of yours is registered) only when the store has no signing key yet; a key file \
                owned by another user or readable by others is refused, and a home without the store's key gets \
                none (see accreditctl key --help). Uses the configured database \
                (ACCREDIT_DATABASE_URL or PG*), or creates the embedded one under ACCREDIT_HOME.

                The shipped framework and workflow are built into accreditctl, so it runs from any directory; \
                --definitions DIR publishes DIR/frameworks/patient-safety-standards-v1.xml and \
                DIR/workflows/patient-safety-accreditation.scxml instead (an edited copy of Definitions/, say). \
                Publish other definitions with accreditctl framework publish and workflow publish.

                Examples:
                  accreditctl init
                  accreditctl init --definitions ~/accredit/Definitions
                  ACCREDIT_DATABASE_URL=postgresql://db.example/accredit accreditctl init
                """)

        @Option(help: "A folder laid out like Definitions/ to publish from, instead of the built-in definitions.")
        var definitions: String?

        func run() throws {
            try reportingFailures {
                let home = Context.home
                try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
                let location = DatabaseLocation.fromEnvironment()
                let connection = try location.connect()
                let applied = try Migrator(connection: connection).migrate()
                Output.line(
                    "database: \(location.description); \(applied.isEmpty ? "schema up to date" : "applied \(applied.count) migration(s)")"
                )
                let desk = CaseDesk(connection: connection, blobs: try BlobStore(root: Context.blobRoot()))
                let (key, created) = try desk.establishSigningKey(home: home, by: Context.osUser)
                Output.line(
                    "signing key: \(key.path) (\(created ? "created" : "registered"); \(key.fingerprint), public key in "
                        + "\(key.publicKeyPath))")
                let shipped = try ShippedDefinitions.load(from: definitions)
                let publisher = Publisher(connection: connection)
                let (framework, frameworkNew) = try publisher.publishFramework(
                    shipped.framework.bytes, file: shipped.framework.name)
                let loaded = try FrameworkReader.loadFramework(shipped.framework.bytes, file: shipped.framework.name)
                let (workflow, workflowNew) = try publisher.publishWorkflow(
                    shipped.workflow.bytes, file: shipped.workflow.name, framework: loaded.framework)
                Output.line("framework: \(framework) (\(frameworkNew ? "published" : "already published"))")
                Output.line("workflow: \(workflow) (\(workflowNew ? "published" : "already published"))")
                Output.line(
                    "ready: register organisations and people with `accreditctl org register` and `accreditctl actor add`"
                )
            }
        }
    }
}

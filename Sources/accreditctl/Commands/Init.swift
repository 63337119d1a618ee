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
                Safe to run again: each step is skipped when already done. Uses the configured database \
                (ACCREDIT_DATABASE_URL or PG*), or creates the embedded one under ACCREDIT_HOME.

                Examples:
                  accreditctl init
                  ACCREDIT_DATABASE_URL=postgresql://db.example/accredit accreditctl init
                """)

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
                let key = try SigningKey.loadOrCreate(home: home)
                Output.line(
                    "signing key: \(key.path) (public key \(key.publicKeyPath): \(HashChain.hex(key.publicKey)))")
                let definitions = try ShippedDefinitions.folder()
                let publisher = Publisher(connection: connection)
                let frameworkFile = definitions + "/" + ShippedDefinitions.framework
                let (framework, frameworkNew) = try publisher.publishFramework(fileAt: frameworkFile)
                let loaded = try FrameworkReader.loadFramework(fileAt: frameworkFile).framework
                let (workflow, workflowNew) = try publisher.publishWorkflow(
                    fileAt: definitions + "/" + ShippedDefinitions.workflow, framework: loaded)
                Output.line("framework: \(framework) (\(frameworkNew ? "published" : "already published"))")
                Output.line("workflow: \(workflow) (\(workflowNew ? "published" : "already published"))")
                Output.line(
                    "ready: register organisations and people with `accreditctl org register` and `accreditctl actor add`"
                )
            }
        }
    }
}

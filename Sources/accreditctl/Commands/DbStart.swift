import ArgumentParser
import EmbeddedPostgres
import EvidenceStore

extension Accreditctl.Db {
    /// `accreditctl db start`: start the embedded cluster and apply migrations.
    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create (if needed) and start the embedded PostgreSQL cluster, then apply migrations.")

        func run() throws {
            try reportingFailures {
                guard case .embedded(let home) = DatabaseLocation.fromEnvironment() else {
                    throw CommandFailure(
                        .invalid,
                        "a database is configured (ACCREDIT_DATABASE_URL or PG*), so there is no embedded cluster to "
                            + "start; unset them to use the embedded default")
                }
                let conninfo = try LocalCluster(home: home).start()
                let applied = try Migrator(connection: try PostgresConnection(conninfo: conninfo)).migrate()
                Output.line("embedded PostgreSQL is running in \(home)/postgres")
                if !applied.isEmpty {
                    Output.line("applied migrations: \(applied.map(\.fileName).joined(separator: ", "))")
                }
            }
        }
    }

    /// `accreditctl db stop`: stop the embedded cluster.
    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the embedded PostgreSQL cluster.")

        func run() throws {
            try reportingFailures {
                guard case .embedded(let home) = DatabaseLocation.fromEnvironment() else {
                    throw CommandFailure(.invalid, "a database is configured, so there is no embedded cluster to stop")
                }
                try LocalCluster(home: home).stop()
                Output.line("embedded PostgreSQL is stopped")
            }
        }
    }
}

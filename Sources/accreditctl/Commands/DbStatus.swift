import AccreditEngine
import ArgumentParser
import EmbeddedPostgres
import EvidenceStore
import Statecharts

extension Accreditctl.Db {
    /// `accreditctl db status`: where the database is, whether it runs, and the state of each migration.
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show where the database is, whether it is running, and each migration's state.")

        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingFailures {
                let location = DatabaseLocation.fromEnvironment()
                if case .embedded(let home) = location,
                    LocalCluster(home: home).status() != .running(conninfo: LocalCluster(home: home).conninfo)
                {
                    let state = LocalCluster(home: home).status() == .absent ? "not created" : "stopped"
                    if output.json {
                        Output.json([
                            "database": .string(location.description), "running": false, "cluster": .string(state),
                        ])
                    } else {
                        Output.line("database: \(location.description) (\(state); start it with: accreditctl db start)")
                    }
                    return
                }
                let rows = try Migrator(connection: try location.connect()).status()
                if output.json {
                    Output.json([
                        "database": .string(location.description), "running": true,
                        "migrations": .array(
                            rows.map { row in
                                [
                                    "version": .integer(Int64(row.version)), "name": .string(row.name),
                                    "state": .string(row.state.rawValue),
                                ]
                            }),
                    ])
                    return
                }
                Output.line("database: \(location.description) (running)")
                Output.table(
                    ["MIGRATION", "NAME", "STATE", "APPLIED"],
                    rows.map { ["\($0.version)", $0.name, $0.state.rawValue, $0.appliedAt?.iso8601 ?? "-"] })
                if rows.contains(where: { $0.state == .pending }) { Output.line("run: accreditctl db migrate") }
            }
        }
    }

    /// `accreditctl db migrate`: apply pending migrations.
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply pending schema migrations, each in its own transaction.",
            discussion: "Refuses to continue when an applied migration's file was edited, and names the file.")

        func run() throws {
            try reportingFailures {
                let applied = try Migrator(connection: try DatabaseLocation.fromEnvironment().connect()).migrate()
                Output.line(
                    applied.isEmpty
                        ? "database schema is up to date"
                        : "applied: \(applied.map(\.fileName).joined(separator: ", "))")
            }
        }
    }
}

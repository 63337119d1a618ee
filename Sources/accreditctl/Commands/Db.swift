import ArgumentParser
import EvidenceStore

extension Accreditctl {
    /// `accreditctl db`: the database: embedded cluster and schema migrations.
    struct Db: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage the database: the embedded PostgreSQL cluster and schema migrations.",
            discussion: """
                With ACCREDIT_DATABASE_URL and the PG* variables unset, Accredit uses a private PostgreSQL \
                cluster under the accredit home directory (ACCREDIT_HOME; /var/lib/accredit for root, else \
                ~/.accredit), created and started on demand.

                Examples:
                  accreditctl db status
                  accreditctl db migrate
                  ACCREDIT_DATABASE_URL=postgresql://db.example/accredit accreditctl db migrate
                """,
            subcommands: [Start.self, Stop.self, Status.self, Migrate.self]
        )
    }
}

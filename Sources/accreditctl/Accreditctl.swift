import ArgumentParser

/// The `accreditctl` command: runs accreditation cases, workflows and audits from the shell.
@main
struct Accreditctl: AsyncParsableCommand {
    /// The version printed by `accreditctl --version`.
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "accreditctl",
        abstract: "Run patient safety accreditation cases: workflows, evidence, assessment, decisions and audit.",
        discussion: """
            Accredit drives each organisation's accreditation case through a statechart workflow \
            (W3C SCXML) and records every accepted event in a hash-chained log in PostgreSQL.

            Configuration: ACCREDIT_DATABASE_URL, or the standard libpq PG* variables.
            """,
        version: version,
        subcommands: [Workflow.self, Framework.self, Db.self]
    )
}

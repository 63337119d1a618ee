import AccreditEngine
import ArgumentParser
import EvidenceStore

/// The `accreditctl` command: runs accreditation cases, workflows and audits from the shell.
@main
struct Accreditctl: ParsableCommand {
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
        subcommands: [
            Init.self, Demo.self, Org.self, Actor.self, Coi.self, Competence.self, Case.self, Team.self, Scope.self,
            Evidence.self, SelfAssessment.self,
            Review.self, Finding.self, Decision.self, Appeal.self, Complaint.self, Visit.self,
            Timers.self, Reminders.self, Report.self, Award.self, Audit.self, History.self, Replay.self, Workflow.self,
            Framework.self,
            Store.self, Key.self, Db.self, Backup.self, Restore.self, Serve.self, Token.self, Login.self, Logout.self,
        ]
    )

    /// Runs the command line, mapping argument errors to exit status 2 (invalid input or usage) as documented.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            guard code == .validationFailure else { exit(withError: error) }
            StandardError.print(fullMessage(for: error))
            exit(withError: ExitCode(ExitStatus.invalid.rawValue))
        }
    }
}

import AccreditEngine
import ArgumentParser
import EvidenceStore

extension Accreditctl {
    /// `accreditctl actor`: the people (and services) who act on cases.
    struct Actor: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "actor",
            abstract: "Add and list the people who act on cases, with their roles and addresses.",
            discussion: """
                Roles come from the workflow: applicant, secretariat, assessor, lead-assessor, decision-maker, \
                auditor. Applicants are bound to their organisation. An actor bound to a database login can be \
                used only from a session logged in as that login.

                Examples:
                  accreditctl actor add ann --name "Ann Smith" --role applicant \\
                    --organisation riverside
                  accreditctl actor add lee --name "Lee Chan" --role assessor \\
                    --role lead-assessor
                  accreditctl actor email ann ann@riverside.example --as sec
                  accreditctl actor list --as sec --json
                """,
            subcommands: [Add.self, List.self, Invite.self, Email.self]
        )
    }
}

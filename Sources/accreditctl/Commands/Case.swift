import AccreditEngine
import ArgumentParser
import EvidenceStore

extension Accreditctl {
    /// `accreditctl case`: accreditation cases.
    struct Case: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "case",
            abstract: "Open, list, inspect and advance accreditation cases.",
            discussion: """
                Every command acts as the actor named by --as (or ACCREDIT_ACTOR); the workflow's roles, the \
                organisation binding of applicants, impartiality and read-only auditors are enforced for each.

                Examples:
                  accreditctl case open C-1 --organisation riverside --as sec
                  accreditctl case list --as sec --overdue
                  accreditctl case next C-1 --as ann
                  accreditctl case fire C-1 application.submit --as ann
                  accreditctl case show C-1 --as lee --json
                """,
            subcommands: [Open.self, List.self, Show.self, Next.self, Fire.self, Import.self, Migrate.self]
        )
    }
}

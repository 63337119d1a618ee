import AccreditEngine
import ArgumentParser
import EvidenceStore

extension Accreditctl {
    /// `accreditctl org`: the organisations being accredited.
    struct Org: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "org",
            abstract: "Register and list the organisations being accredited.",
            discussion: """
                Examples:
                  accreditctl org register riverside --name "Riverside NHS Foundation Trust" \\
                    --ods RXX
                  accreditctl org list --as sec
                  accreditctl org show riverside --as sec --json
                """,
            subcommands: [Register.self, List.self, Show.self]
        )
    }
}

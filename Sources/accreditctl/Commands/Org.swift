import AccreditEngine
import ArgumentParser
import EvidenceStore

extension Accreditctl {
    /// `accreditctl org`: the organisations being accredited.
    struct Org: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "org",
            abstract: "Register and list the organisations being accredited, and their sites and services.",
            discussion: """
                Examples:
                  accreditctl org register riverside --name "Riverside NHS Foundation Trust" \\
                    --ods RXX
                  accreditctl org list --as sec
                  accreditctl org show riverside --as sec --json
                  accreditctl org site riverside cottage --name "Cottage Hospital" --as sec
                  accreditctl org service riverside ward-2 --site cottage --kind inpatient \\
                    --name "Ward 2" --as sec
                  accreditctl org services riverside --as sec
                """,
            subcommands: [Register.self, List.self, Show.self, Site.self, Service.self, Services.self]
        )
    }
}

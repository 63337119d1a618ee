import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Coi {
    /// `accreditctl coi list [--organisation ORG]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List conflict-of-interest declarations.",
            discussion: """
                Examples:
                  accreditctl coi list --as sec
                  accreditctl coi list --as sec --organisation riverside --json
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        @Option(help: "Only this organisation's declarations.")
        var organisation: String?

        func run() throws {
            try reportingFailures {
                var query: [String: String] = [:]
                if let organisation { query["organisation"] = organisation }
                let conflicts =
                    try APICaller(who).call(.get, "/api/v1/conflicts", query: query)["conflicts"]?
                    .arrayValue ?? []
                Self.listing.print(conflicts, json: output.json)
            }
        }

        /// The table and the JSON `{conflicts: [{actor, organisation, from, until, reason}]}`
        /// (``DirectoryViews/conflict(_:)``).
        static var listing: Listing<Value> {
            Listing(
                key: "conflicts", header: ["ACTOR", "ORGANISATION", "FROM", "UNTIL", "REASON"],
                row: {
                    [
                        JSONField.text($0, "actor"), JSONField.text($0, "organisation"), JSONField.text($0, "from"),
                        $0["until"]?.stringValue ?? "-", JSONField.text($0, "reason"),
                    ]
                }, value: { $0 })
        }
    }
}

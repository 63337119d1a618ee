import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Org {
    /// `accreditctl org list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the registered organisations.",
            discussion: """
                Examples:
                  accreditctl org list --as sec
                  accreditctl org list --as sec --json
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingFailures {
                let organisations =
                    try APICaller(who).call(.get, "/api/v1/organisations")["organisations"]?
                    .arrayValue ?? []
                Self.listing.print(organisations, json: output.json)
            }
        }

        /// The table and the JSON `{organisations: [organisation]}` (``DirectoryViews/organisation(_:)``).
        static var listing: Listing<Value> {
            Listing(
                key: "organisations", header: ["ORGANISATION", "NAME", "ODS"],
                row: { [JSONField.text($0, "id"), JSONField.text($0, "name"), $0["ods"]?.stringValue ?? "-"] },
                value: { $0 })
        }
    }
}

import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Actor {
    /// `accreditctl actor list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the actors, their roles and bindings.",
            discussion: """
                E-mail addresses are shown to the secretariat; others see only their own.

                Examples:
                  accreditctl actor list --as sec
                  accreditctl actor list --as sec --json
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingFailures {
                let actors = try APICaller(who).call(.get, "/api/v1/actors")["actors"]?.arrayValue ?? []
                Self.listing.print(actors, json: output.json)
            }
        }

        /// The table and the JSON `{actors: [actor]}` (``DirectoryViews/actor(_:)``).
        static var listing: Listing<Value> {
            Listing(
                key: "actors", header: ["ACTOR", "NAME", "ROLES", "ORGANISATION", "DB LOGIN", "EMAIL"],
                row: {
                    [
                        JSONField.text($0, "id"), JSONField.text($0, "name"),
                        ($0["roles"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ","),
                        $0["organisation"]?.stringValue ?? "-", $0["dbLogin"]?.stringValue ?? "-",
                        $0["email"]?.stringValue ?? "-",
                    ]
                }, value: { $0 })
        }
    }
}

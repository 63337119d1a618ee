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
                let organisations = try who.desk(requiring: .readDirectory).directory.organisations()
                Self.listing.print(organisations, json: output.json)
            }
        }

        /// The table and the JSON `{organisations: [organisation]}`.
        static var listing: Listing<Organisation> {
            Listing(
                key: "organisations", header: ["ORGANISATION", "NAME", "ODS"],
                row: { [$0.id, $0.name, $0.odsCode ?? "-"] }, value: { .object(fields($0)) })
        }

        /// The JSON fields of one organisation: `{id, name, ods}`.
        static func fields(_ organisation: Organisation) -> [String: Value] {
            [
                "id": .string(organisation.id), "name": .string(organisation.name),
                "ods": organisation.odsCode.map(Value.string) ?? .null,
            ]
        }
    }
}

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
                Examples:
                  accreditctl actor list --as sec
                  accreditctl actor list --as sec --json
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        func run() throws {
            try reportingFailures {
                let actors = try who.desk(requiring: .readDirectory).directory.actors()
                Self.listing.print(actors, json: output.json)
            }
        }

        /// The table and the JSON `{actors: [actor]}`.
        static var listing: Listing<EvidenceStore.Actor> {
            Listing(
                key: "actors", header: ["ACTOR", "NAME", "ROLES", "ORGANISATION", "DB LOGIN"],
                row: {
                    [
                        $0.id, $0.name, $0.roles.sorted().joined(separator: ","), $0.organisation ?? "-",
                        $0.databaseLogin ?? "-",
                    ]
                }, value: json)
        }

        /// `{id, name, roles, organisation, dbLogin}`.
        static func json(_ actor: EvidenceStore.Actor) -> Value {
            [
                "id": .string(actor.id), "name": .string(actor.name),
                "roles": .array(actor.roles.sorted().map(Value.string)),
                "organisation": actor.organisation.map(Value.string) ?? .null,
                "dbLogin": actor.databaseLogin.map(Value.string) ?? .null,
            ]
        }
    }
}

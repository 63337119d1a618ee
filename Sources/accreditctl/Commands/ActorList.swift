import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore

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
                let desk = try Context.desk()
                try desk.require(.readDirectory, by: try who.actorID())
                let actors = try desk.directory.actors()
                if output.json {
                    Output.json(["actors": .array(actors.map(Self.json))])
                } else {
                    Output.table(
                        ["ACTOR", "NAME", "ROLES", "ORGANISATION", "DB LOGIN"],
                        actors.map {
                            [
                                $0.id, $0.name, $0.roles.sorted().joined(separator: ","), $0.organisation ?? "-",
                                $0.databaseLogin ?? "-",
                            ]
                        })
                }
            }
        }

        /// `{id, name, roles, organisation, dbLogin}`.
        static func json(_ actor: CaseService.Actor) -> Value {
            [
                "id": .string(actor.id), "name": .string(actor.name),
                "roles": .array(actor.roles.sorted().map(Value.string)),
                "organisation": actor.organisation.map(Value.string) ?? .null,
                "dbLogin": actor.databaseLogin.map(Value.string) ?? .null,
            ]
        }
    }
}

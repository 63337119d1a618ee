import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Case {
    /// `accreditctl case next CASE`.
    struct Next: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the events you may send to a case now, with their roles and guards.",
            discussion: """
                An event whose guard does not hold yet is listed as blocked, with the guard that must hold.

                Examples:
                  accreditctl case next C-1 --as ann
                  accreditctl case next C-1 --as lee --json
                """)

        @OptionGroup var who: ActorOptions

        @OptionGroup var output: OutputOptions

        @OptionGroup var target: CaseArgument

        func run() throws {
            try reportingFailures {
                let caseID = target.caseID
                let events = try Context.desk().nextEvents(caseID, as: try who.actorID())
                Listing(
                    key: "events", header: ["EVENT", "NOW", "ROLES", "REQUIRES"],
                    empty: "nothing you may send to \(caseID) now",
                    row: {
                        [
                            $0.name, $0.enabled ? "enabled" : "blocked", $0.roles.joined(separator: ","),
                            $0.guards.isEmpty ? "-" : $0.guards.joined(separator: " or "),
                        ]
                    },
                    value: {
                        [
                            "event": .string($0.name), "roles": .array($0.roles.map(Value.string)),
                            "guards": .array($0.guards.map(Value.string)), "enabled": .bool($0.enabled),
                            "from": .array($0.sources.map(Value.string)),
                        ]
                    }
                ).print(events, json: output.json, fields: ["case": .string(caseID)])
            }
        }
    }
}

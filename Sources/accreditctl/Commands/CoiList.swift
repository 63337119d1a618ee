import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore

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
                let desk = try Context.desk()
                try desk.require(.readConflicts, by: try who.actorID())
                let conflicts = try desk.directory.conflicts(organisation: organisation)
                if output.json {
                    Output.json([
                        "conflicts": .array(
                            conflicts.map {
                                [
                                    "actor": .string($0.actor), "organisation": .string($0.organisation),
                                    "from": .string(Moment.date($0.from)),
                                    "until": $0.until.map { .string(Moment.date($0)) } ?? .null,
                                    "reason": .string($0.reason),
                                ]
                            })
                    ])
                } else {
                    Output.table(
                        ["ACTOR", "ORGANISATION", "FROM", "UNTIL", "REASON"],
                        conflicts.map {
                            [
                                $0.actor, $0.organisation, Moment.date($0.from), $0.until.map(Moment.date) ?? "-",
                                $0.reason,
                            ]
                        })
                }
            }
        }
    }
}

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
                let conflicts = try who.desk(requiring: .readConflicts).directory.conflicts(organisation: organisation)
                Self.listing.print(conflicts, json: output.json)
            }
        }

        /// The table and the JSON `{conflicts: [{actor, organisation, from, until, reason}]}`.
        static var listing: Listing<ConflictDeclaration> {
            Listing(
                key: "conflicts", header: ["ACTOR", "ORGANISATION", "FROM", "UNTIL", "REASON"],
                row: {
                    [$0.actor, $0.organisation, Moment.date($0.from), $0.until.map(Moment.date) ?? "-", $0.reason]
                },
                value: {
                    [
                        "actor": .string($0.actor), "organisation": .string($0.organisation),
                        "from": .string(Moment.date($0.from)),
                        "until": $0.until.map { .string(Moment.date($0)) } ?? .null, "reason": .string($0.reason),
                    ]
                })
        }
    }
}

import AccreditEngine
import ArgumentParser
import EvidenceStore

extension Accreditctl {
    /// `accreditctl coi`: conflict-of-interest declarations.
    struct Coi: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "coi",
            abstract: "Declare and list conflicts of interest.",
            discussion: """
                An assessor or decision maker with a conflict for an organisation that is current, or ended \
                within the last two years, is refused on its cases (rule impartiality.conflict-of-interest).

                Examples:
                  accreditctl coi declare --actor carl --organisation riverside \\
                    --from 2024-01-01 --until 2025-06-30 --reason "consulted for the trust"
                  accreditctl coi list --as sec --organisation riverside
                """,
            subcommands: [Declare.self, List.self]
        )
    }
}

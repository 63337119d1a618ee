import AccreditEngine
import ArgumentParser
import EvidenceStore

extension Accreditctl {
    /// `accreditctl timers`: deadlines.
    struct Timers: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "timers",
            abstract: "Deliver due deadlines.",
            discussion: """
                Examples:
                  accreditctl timers fire --as sec
                  accreditctl timers fire --as sec --case C-1
                """,
            subcommands: [Fire.self]
        )
    }
}

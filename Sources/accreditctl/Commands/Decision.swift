import AccreditEngine
import ArgumentParser
import EvidenceStore

extension Accreditctl {
    /// `accreditctl decision`: the accreditation decision.
    struct Decision: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decision",
            abstract: "Record the accreditation decision, as an impartial decision maker.",
            discussion: """
                Examples:
                  accreditctl decision record C-1 accredited --as dana
                  accreditctl decision record C-1 not-accredited --justification "..." --as dana
                """,
            subcommands: [Record.self]
        )
    }
}

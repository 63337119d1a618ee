import AccreditEngine
import ArgumentParser
import EvidenceStore

extension Accreditctl {
    /// `accreditctl reminders`: mail about deadlines.
    struct Reminders: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reminders",
            abstract: "Send reminders of deadlines by e-mail, and list those sent.",
            discussion: """
                The workflow declares who is reminded of which deadline and when (<acc:reminder>, \
                docs/workflow-language.md); people need an e-mail address (accreditctl actor email), and the \
                server (or this command in direct mode) the SMTP settings (docs/server.md, "Mail").

                Examples:
                  accreditctl reminders send --as sec
                  accreditctl reminders send --as sec --dry-run
                  accreditctl reminders list --as sec --case C-1
                """,
            subcommands: [Send.self, List.self]
        )
    }
}

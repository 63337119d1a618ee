import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Reminders {
    /// `accreditctl reminders list [--case CASE] [--limit N]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the reminders claimed and sent, newest first.",
            discussion: """
                For the secretariat and auditors (addresses are shown to the secretariat only). STATUS is sent, \
                failed (tried again by a later run), undeliverable (refused for good; tried again once the address \
                is corrected) or sending (being sent; taken over after an hour if the sender died).

                Examples:
                  accreditctl reminders list --as sec
                  accreditctl reminders list --as sec --case C-1 --json
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        @Option(name: .customLong("case"), help: "Only this case's reminders.")
        var caseID: String?

        @Option(help: "At most this many (1 to 1000).")
        var limit = 100

        func validate() throws {
            guard (1...1000).contains(limit) else { throw ValidationError("Please give --limit from 1 to 1000.") }
        }

        func run() throws {
            try reportingFailures {
                var query = ["limit": "\(limit)"]
                query["case"] = caseID
                let records = try APICaller(who).call(.get, "/api/v1/reminders", query: query).array("reminders")
                Self.listing.print(records, json: output.json)
            }
        }

        /// The table and the JSON `{reminders: [record]}` (``ReminderViews/record(_:)``).
        static var listing: Listing<Value> {
            Listing(
                key: "reminders", header: ["CASE", "DEADLINE", "DUE", "STAGE", "TO", "STATUS", "ATTEMPTS", "SENT"],
                row: {
                    [
                        JSONField.text($0, "case"), JSONField.text($0, "deadline"), JSONField.text($0, "due"),
                        JSONField.text($0, "stage"),
                        "\(JSONField.text($0, "recipient")) <\(JSONField.text($0, "email"))>",
                        JSONField.text($0, "status"), "\($0["attempts"]?.integerValue ?? 0)",
                        $0["sentAt"]?.stringValue ?? "-",
                    ]
                }, value: { $0 })
        }
    }
}

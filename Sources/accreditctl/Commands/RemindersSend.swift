import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Reminders {
    /// `accreditctl reminders send [--case CASE] [--dry-run]`.
    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send the reminders due by the store's time, each once per deadline, stage and person.",
            discussion: """
                Run it from cron or a systemd timer, as often as you like (every hour, say): each reminder is \
                claimed in the store before its mail goes, so a repeated or concurrent run sends nothing twice. \
                Only the latest stage of each deadline is sent (a run missed for a month does not send the 30-day \
                reminder once the 7-day one applies). A failed send (no connection, a deferral) is tried again by \
                later runs (15 minutes after, then 30, an hour, two; 5 attempts in all); a mailbox refused for \
                good is not, unless its address is corrected. A server that cannot be reached, or refuses the \
                sender, costs no reminder an attempt: the run stops and exits 5, after sending what it could. \
                Someone without an address is listed as unaddressed and reminded on a later run once an address \
                is recorded.

                Examples:
                  accreditctl reminders send --as sec
                  accreditctl reminders send --as sec --case C-1 --dry-run
                  accreditctl reminders send --as sec --json
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        @Option(name: .customLong("case"), help: "Only this case's reminders.")
        var caseID: String?

        @Flag(help: "List what is due without sending or recording anything.")
        var dryRun = false

        func run() throws {
            try reportingFailures {
                var body: [String: Value] = ["dryRun": .bool(dryRun)]
                body["case"] = caseID.map(Value.string)
                let value = try APICaller(who).call(.post, "/api/v1/reminders/send", body: .object(body))
                if output.json {
                    Output.json(value)
                } else {
                    Self.print(value, dryRun: dryRun)
                }
                if let failure = value["mailFailure"]?.stringValue {
                    throw CommandFailure(
                        .environment,
                        "mail could not be sent: \(failure); the reminders not sent go on a later run once the SMTP "
                            + "server answers (check ACCREDIT_SMTP_* where the reminders are sent from)")
                }
            }
        }

        /// One line per reminder, then the counts.
        static func print(_ value: Value, dryRun: Bool) {
            let reminders = value.array("reminders")
            if reminders.isEmpty {
                Output.line("no reminders due")
                return
            }
            for item in reminders {
                let what = item["label"]?.stringValue ?? item.text("deadline")
                let stage = item.text("stage") == "overdue" ? "overdue" : "\(item.text("stage")) before"
                let to = item.text("recipient") + (item["email"]?.stringValue.map { " <\($0)>" } ?? "")
                let status = String(item.text("status").map { $0 == "-" ? " " : $0 })
                var line = "\(item.text("case")): \(what) (\(stage)) to \(to): \(status)"
                if let detail = item["detail"]?.stringValue { line += " (\(detail))" }
                Output.line(line)
            }
            let counts =
                dryRun
                ? ["due", "unaddressed"]
                : ["sent", "failed", "undeliverable", "unaddressed", "skipped", "notAttempted"]
            Output.line(
                counts.compactMap { name in
                    guard let count = value[name]?.integerValue, count > 0 else { return nil }
                    return "\(count) \(name == "notAttempted" ? "not attempted" : name)"
                }.joined(separator: ", "))
        }
    }
}

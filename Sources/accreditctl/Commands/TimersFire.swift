import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Timers {
    /// `accreditctl timers fire [--at TIME] [--case CASE]`.
    struct Fire: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deliver every deadline due by now (or --at) as an event, as the system actor.",
            discussion: """
                Idempotent: a delivered deadline is removed with its event, and a deadline delivered \
                concurrently by another run is skipped. Run it from cron or a systemd timer.

                Examples:
                  accreditctl timers fire --as sec
                  accreditctl timers fire --as sec --at 2026-12-31T00:00:00Z --case C-1 --json
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        @Option(help: "Deliver what is due by this time (ISO 8601); default now.")
        var at: String?

        @Option(name: .customLong("case"), help: "Only this case's deadlines.")
        var caseID: String?

        func validate() throws {
            try Moment.validate(at, as: "--at")
        }

        func run() throws {
            try reportingFailures {
                let delivered = try who.desk(requiring: .deliverTimers).fireDueTimers(
                    at: Moment.given(at), caseID: caseID)
                if output.json {
                    Output.json([
                        "delivered": .array(delivered.map { ["case": .string($0.caseID), "event": .string($0.event)] })
                    ])
                } else if delivered.isEmpty {
                    Output.line("no deadlines due")
                } else {
                    for item in delivered { Output.line("\(item.caseID): delivered \(item.event)") }
                }
            }
        }
    }
}

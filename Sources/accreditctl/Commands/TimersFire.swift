import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Timers {
    /// `accreditctl timers fire [--case CASE]`.
    struct Fire: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deliver every deadline due by the store's time as an event, as the system actor.",
            discussion: """
                Idempotent: a delivered deadline is removed with its event, and a deadline delivered \
                concurrently by another run is skipped. Run it from cron or a systemd timer. What is due, and \
                the time of each delivered event, come from the store's clock; on a sandbox store, move the \
                simulated clock forward first (accreditctl store set clock TIME).

                Examples:
                  accreditctl timers fire --as sec
                  accreditctl timers fire --as sec --case C-1 --json
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        @OptionGroup var refusedTime: RefusedTimeOption

        @Option(name: .customLong("case"), help: "Only this case's deadlines.")
        var caseID: String?

        func run() throws {
            try reportingFailures {
                let delivered = try who.desk(requiring: .deliverTimers).fireDueTimers(caseID: caseID)
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

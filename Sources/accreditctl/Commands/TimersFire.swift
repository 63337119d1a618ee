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
                simulated clock forward first (accreditctl store set clock TIME). Then, when the newest \
                checkpoint is older than the store's checkpoint.interval (default 24 hours) and some case \
                changed since, takes a checkpoint as 'audit checkpoint' does (verify, then sign) and writes it to \
                the checkpoint directory (ACCREDIT_CHECKPOINT_DIR, default ACCREDIT_HOME/checkpoints).

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
                let desk = try who.desk(requiring: .deliverTimers)
                let (delivered, failures) = try desk.deliverDueTimers(caseID: caseID)
                for failure in failures { StandardError.print("warning: \(failure)") }
                var scheduled: Checkpoint?
                do {
                    scheduled = try desk.publishCheckpointIfDue(key: try Context.signingKey(for: desk))?.checkpoint
                    if let scheduled { try Context.checkpointDirectory().write(scheduled) }
                } catch {
                    StandardError.print("warning: the scheduled checkpoint failed: \(FailureReport(error).message)")
                }
                if output.json {
                    Output.json([
                        "delivered": .array(
                            delivered.map { ["case": .string($0.caseID), "event": .string($0.event)] }),
                        "checkpoint": scheduled.map { .integer($0.sequence) } ?? .null,
                    ])
                    return
                } else if delivered.isEmpty {
                    Output.line("no deadlines due")
                } else {
                    for item in delivered { Output.line("\(item.caseID): delivered \(item.event)") }
                }
                if let scheduled {
                    Output.line("checkpoint \(scheduled.sequence): \(scheduled.treeSize) cases (scheduled)")
                }
            }
        }
    }
}

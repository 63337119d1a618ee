import AccreditAPI
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
                var body: [String: Value] = [:]
                body["case"] = caseID.map(Value.string)
                let value = try APICaller(who).call(.post, "/api/v1/timers/fire", body: .object(body))
                for warning in value.strings("warnings") { StandardError.print("warning: \(warning)") }
                if let failure = value["checkpointFailure"], failure != .null {
                    let problem = Problem(document: failure, status: Int(failure["status"]?.integerValue ?? 500))
                    StandardError.print(
                        "warning: the scheduled checkpoint failed: "
                            + (problem.map { FailureReport($0).message } ?? "no reason was given"))
                }
                if output.json {
                    Output.json(value.keeping(["delivered", "checkpoint"]))
                    return
                }
                let delivered = value.array("delivered")
                if delivered.isEmpty {
                    Output.line("no deadlines due")
                } else {
                    for item in delivered { Output.line("\(item.text("case")): delivered \(item.text("event"))") }
                }
                if let scheduled = value["checkpoint"]?.integerValue {
                    Output.line("checkpoint \(scheduled): \(value.text("checkpointCases")) cases (scheduled)")
                }
            }
        }
    }
}

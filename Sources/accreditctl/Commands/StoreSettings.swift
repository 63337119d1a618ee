import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Store {
    /// `accreditctl store settings [--history]`.
    struct Settings: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the store's settings and its time, or every recorded change.",
            discussion: """
                Shows whether the store is a sandbox, its clock (the database server's, or a sandbox's simulated \
                time) with the store's time now, and the largest evidence file accepted, each with who last \
                changed it and when. With --history, every change ever made, oldest first.

                Examples:
                  accreditctl store settings --as sec
                  accreditctl store settings --history --as aud --json
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        @Flag(help: "List every recorded change instead of the current values.")
        var history = false

        func run() throws {
            try reportingFailures {
                let caller = try APICaller(who)
                if history {
                    let changes = try caller.call(.get, "/api/v1/store/settings/history")["changes"]?.arrayValue ?? []
                    Listing<Value>(
                        key: "changes", header: ["#", "SETTING", "VALUE", "BY", "AT"],
                        empty: "no setting was ever changed: the store runs on its defaults",
                        row: { change in
                            ["id", "setting", "value", "changedBy", "changedAt"].map { JSONField.text(change, $0) }
                        },
                        value: { $0 }
                    ).print(changes, json: output.json)
                    return
                }
                let values = try caller.call(.get, "/api/v1/store/settings")
                if output.json {
                    Output.json(values)
                    return
                }
                let clock = JSONField.text(values, "clock")
                let rows: [(String, String)] = [
                    ("sandbox", values["sandbox"] == .bool(true) ? "true" : "false"),
                    ("clock", clock == "server" ? "server" : "simulated " + clock),
                    ("upload.max-bytes", JSONField.text(values, "uploadMaxBytes")),
                    ("checkpoint.interval", JSONField.text(values, "checkpointInterval")),
                    ("auth.staff-totp", JSONField.text(values, "staffTOTP")),
                ]
                Output.table(
                    ["SETTING", "VALUE", "CHANGED BY", "AT"],
                    rows.map { name, value in
                        let change = values["changes"]?[name]
                        return [
                            name, value, change?["changedBy"]?.stringValue ?? "-",
                            change?["changedAt"]?.stringValue ?? "(default)",
                        ]
                    })
                Output.line("store time: \(JSONField.text(values, "now"))")
            }
        }
    }
}

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
                let desk = try Context.desk()
                let actor = try who.actorID()
                if history {
                    let changes = try desk.storeSettingHistory(as: actor)
                    Listing(
                        key: "changes", header: ["#", "SETTING", "VALUE", "BY", "AT"],
                        empty: "no setting was ever changed: the store runs on its defaults",
                        row: { [String($0.id), $0.name, $0.value, $0.changedBy, $0.changedAt.iso8601] },
                        value: Self.json
                    ).print(changes, json: output.json)
                    return
                }
                let values = try desk.storeSettings(as: actor)
                let now = try desk.now()
                let rows: [(String, String)] = [
                    ("sandbox", values.sandbox ? "true" : "false"),
                    ("clock", values.simulatedClock.map { "simulated" + " " + $0.iso8601 } ?? "server"),
                    ("upload.max-bytes", String(values.maximumUploadBytes)),
                    ("checkpoint.interval", String(values.checkpointInterval)),
                ]
                if output.json {
                    Output.json([
                        "sandbox": .bool(values.sandbox),
                        "clock": values.simulatedClock.map { .string($0.iso8601) } ?? .string("server"),
                        "now": .string(now.iso8601),
                        "uploadMaxBytes": .integer(values.maximumUploadBytes),
                        "checkpointInterval": .integer(values.checkpointInterval),
                        "changes": .object(values.lastChanges.mapValues(Self.json)),
                    ])
                    return
                }
                Output.table(
                    ["SETTING", "VALUE", "CHANGED BY", "AT"],
                    rows.map { name, value in
                        let change = values.lastChanges[name]
                        return [name, value, change?.changedBy ?? "-", change?.changedAt.iso8601 ?? "(default)"]
                    })
                Output.line("store time: \(now.iso8601)")
            }
        }

        /// One change as JSON.
        static func json(_ change: StoreSettingChange) -> Value {
            [
                "id": .integer(change.id), "setting": .string(change.name), "value": .string(change.value),
                "changedBy": .string(change.changedBy), "changedAt": .string(change.changedAt.iso8601),
            ]
        }
    }
}

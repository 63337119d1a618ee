import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Case {
    /// `accreditctl case next CASE`.
    struct Next: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the events you may send to a case now, with their roles and guards.",
            discussion: """
                An event whose guard does not hold yet is listed as blocked, with the guard that must hold.

                Examples:
                  accreditctl case next C-1 --as ann
                  accreditctl case next C-1 --as lee --json
                """)

        @OptionGroup var who: ActorOptions

        @OptionGroup var output: OutputOptions

        @OptionGroup var target: CaseArgument

        func run() throws {
            try reportingFailures {
                let caseID = target.caseID
                let events =
                    try APICaller(who.reader).call(.get, "/api/v1/cases/\(APICaller.segment(caseID))/next")["events"]?
                    .arrayValue ?? []
                func names(_ value: Value?) -> [String] { (value?.arrayValue ?? []).compactMap(\.stringValue) }
                Listing<Value>(
                    key: "events", header: ["EVENT", "NOW", "ROLES", "REQUIRES"],
                    empty: "nothing you may send to \(caseID) now",
                    row: {
                        [
                            $0["event"]?.stringValue ?? "", $0["enabled"] == .bool(true) ? "enabled" : "blocked",
                            names($0["roles"]).joined(separator: ","),
                            names($0["guards"]).isEmpty ? "-" : names($0["guards"]).joined(separator: " or "),
                        ]
                    },
                    value: { $0 }
                ).print(events, json: output.json, fields: ["case": .string(caseID)])
            }
        }
    }
}

import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Evidence {
    /// `accreditctl evidence list CASE`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a case's evidence.",
            discussion: """
                ITEM is which of the criterion's expected evidence items it is for (as framework show \
                lists them). CYCLE is the assessment cycle it belongs to (one more for each renewal), and \
                names the earlier item it reuses, if any.

                Examples:
                  accreditctl evidence list C-1 --as alice
                  accreditctl evidence list C-1 --as ann --json
                """)

        @OptionGroup var who: ActorOptions

        @OptionGroup var output: OutputOptions

        @OptionGroup var target: CaseArgument

        func run() throws {
            try reportingFailures {
                let caseID = target.caseID
                let records =
                    try APICaller(who.reader).call(.get, "/api/v1/cases/\(APICaller.segment(caseID))/evidence")[
                        "evidence"]?.arrayValue ?? []
                func text(_ record: Value, _ key: String) -> String { EvidenceView.text(record, key) }
                Listing<Value>(
                    key: "evidence",
                    header: ["EVIDENCE", "CRITERION", "ITEM", "STATUS", "CYCLE", "FILE", "SIZE", "UPLOADED BY"],
                    empty: "no evidence in \(caseID)",
                    row: {
                        [
                            text($0, "evidence"), text($0, "criterion"),
                            $0["item"]?.integerValue.map { String($0) } ?? "-", text($0, "status"),
                            text($0, "cycle") + ($0["reusedFrom"]?.stringValue.map { " (reuses \($0))" } ?? ""),
                            text($0, "file"),
                            text($0, "size"), text($0, "uploadedBy"),
                        ]
                    }, value: { $0 }
                ).print(records, json: output.json, fields: ["case": .string(caseID)])
            }
        }
    }
}

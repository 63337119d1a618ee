import AccreditAPI
import ArgumentParser
import Statecharts

extension Accreditctl.Finding {
    /// `accreditctl finding list CASE`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a case's findings: severity, criterion, status and the date the corrective action is due.",
            discussion: """
                Examples:
                  accreditctl finding list C-1 --as ann
                  accreditctl finding list C-1 --as alice --json
                """)

        @OptionGroup var who: ActorOptions

        @OptionGroup var output: OutputOptions

        @OptionGroup var target: CaseArgument

        func run() throws {
            try reportingFailures {
                let caseID = target.caseID
                let findings =
                    try APICaller(who.reader).call(.get, "/api/v1/cases/\(APICaller.segment(caseID))")["findings"]?
                    .arrayValue ?? []
                func text(_ finding: Value, _ key: String) -> String { finding[key]?.stringValue ?? "" }
                Listing<Value>(
                    key: "findings", header: ["FINDING", "SEVERITY", "CRITERION", "STATUS", "DUE", "STATEMENT"],
                    empty: "no findings in \(caseID)",
                    row: {
                        [
                            text($0, "finding"), text($0, "severity"), text($0, "criterion"), text($0, "status"),
                            String(text($0, "due").prefix(10)), text($0, "statement"),
                        ]
                    }, value: { $0 }
                ).print(findings, json: output.json, fields: ["case": .string(caseID)])
            }
        }
    }
}

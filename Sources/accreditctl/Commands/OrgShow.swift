import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Org {
    /// `accreditctl org show ID`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show an organisation and its cases.",
            discussion: """
                Examples:
                  accreditctl org show --as sec riverside
                  accreditctl org show --as sec riverside --json
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        @Argument(help: "The organisation id.")
        var id: String

        func run() throws {
            try reportingFailures {
                let value = try APICaller(who).call(.get, "/api/v1/organisations/\(APICaller.segment(id))")
                if output.json {
                    Output.json(value)
                    return
                }
                let ods = value["ods"]?.stringValue.map { " (ODS \($0))" } ?? ""
                Output.line("\(JSONField.text(value, "id")): \(JSONField.text(value, "name"))\(ods)")
                Output.line()
                CaseListing.values.print(value["cases"]?.arrayValue ?? [], json: false)
            }
        }
    }
}

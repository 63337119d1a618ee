import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl.Case {
    /// `accreditctl case list [--state S] [--organisation O] [--overdue]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List cases with their status and next deadline.",
            discussion: """
                --state matches the case's status or any of its active states. --overdue keeps the cases with a \
                deadline already due (deliver them with: accreditctl timers fire --as ID).

                Examples:
                  accreditctl case list --as sec
                  accreditctl case list --as sec --state desk-review --organisation riverside
                  accreditctl case list --as sec --overdue --json
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        @Option(help: "Only cases in this state.")
        var state: String?

        @Option(help: "Only this organisation's cases.")
        var organisation: String?

        @Flag(help: "Only cases with a deadline already due.")
        var overdue = false

        @Option(help: "The time --overdue compares with, in ISO 8601; default now.")
        var at: String?

        func validate() throws {
            try Moment.validate(at, as: "--at")
        }

        func run() throws {
            try reportingFailures {
                let now = Moment.given(at)
                var query: [String: String] = [:]
                if let organisation { query["organisation"] = organisation }
                if let state { query["state"] = state }
                var cases = try APICaller(who).call(.get, "/api/v1/cases", query: query)["cases"]?.arrayValue ?? []
                if overdue {
                    cases = cases.filter { summary in
                        (summary["deadlines"]?.arrayValue ?? []).contains {
                            ($0["due"]?.stringValue).flatMap(Instant.init(iso8601:)).map { $0 <= now } ?? false
                        }
                    }
                }
                CaseListing.values.print(cases, json: output.json)
            }
        }
    }
}

import AccreditAPI
import AccreditEngine
import CaseService
import Statecharts

/// How case summaries are shown: the `case list` table and its JSON (``CaseViews/listed(_:)``).
enum CaseListing {
    /// The table (case, organisation, status, version, next deadline, award) and the JSON `{cases: [case summary]}`.
    static var listing: Listing<CaseSummary> {
        Listing(key: "cases", header: header, empty: "no cases", row: { row(CaseViews.listed($0)) }, value: json)
    }

    /// The same listing over the API's JSON lines.
    static var values: Listing<Value> {
        Listing(key: "cases", header: header, empty: "no cases", row: row, value: { $0 })
    }

    static let header = ["CASE", "ORGANISATION", "STATUS", "VERSION", "NEXT DEADLINE", "AWARD UNTIL"]

    /// One line of the table from the API's JSON.
    static func row(_ summary: Value) -> [String] {
        var version = ""
        if case .integer(let number)? = summary["version"] { version = String(number) }
        let next = summary["deadlines"]?.arrayValue?.first.map {
            "\($0["event"]?.stringValue ?? "") \($0["due"]?.stringValue ?? "")"
        }
        return [
            summary["case"]?.stringValue ?? "", summary["organisation"]?.stringValue ?? "",
            summary["status"]?.stringValue ?? "", version, next ?? "-", summary["awardUntil"]?.stringValue ?? "-",
        ]
    }

    /// `{case, organisation, status, configuration, version, deadlines: [{timer, event, due}], awardUntil}`.
    static func json(_ summary: CaseSummary) -> Value {
        CaseViews.listed(summary)
    }
}

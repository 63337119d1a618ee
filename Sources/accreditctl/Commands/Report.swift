import AccreditAPI
import AccreditEngine
import ArgumentParser
import CaseService
import EvidenceStore
import Statecharts

extension Accreditctl {
    /// `accreditctl report [--expiring-within DAYS]`.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Report cases by state, overdue deadlines, awards expiring soon and assessor workload.",
            discussion: """
                Workload counts each assessor's review events (ratings, evidence reviews, review outcomes) over \
                open cases.

                Examples:
                  accreditctl report --as sec
                  accreditctl report --expiring-within --as sec 180 --json
                """)

        @OptionGroup var who: ReaderOptions

        @OptionGroup var output: OutputOptions

        @Option(help: "List awards expiring within this many days.")
        var expiringWithin = 90

        @Option(help: "The time to report at (ISO 8601); default now.")
        var at: String?

        func validate() throws {
            guard expiringWithin >= 0 else { throw ValidationError("Please give an --expiring-within of at least 0.") }
            try Moment.validate(at, as: "--at")
        }

        func run() throws {
            try reportingFailures {
                let value = try APICaller(who).call(
                    .get, "/api/v1/reports/cases",
                    query: ["at": Moment.given(at).iso8601, "expiringWithin": String(expiringWithin)])
                output.json ? Output.json(value) : Self.printText(value, days: expiringWithin)
            }
        }

        /// Prints the report (``ReportViews/report(_:)``) for people.
        static func printText(_ report: Value, days: Int) {
            func counts(_ key: String) -> [(String, Int64)] {
                guard case .object(let members)? = report[key] else { return [] }
                return members.compactMap { name, count in count.integerValue.map { (name, $0) } }
            }
            let overdue = report.array("overdue")
            let expiring = report.array("expiring")
            let workload = counts("workload")
            Output.line("Cases by state:")
            Output.table(
                ["  STATE", "CASES"], counts("casesByState").sorted { $0.0 < $1.0 }.map { ["  " + $0.0, String($0.1)] })
            Output.line()
            Output.line(
                "Overdue deadlines: \(overdue.isEmpty ? "none" : "\(overdue.count) (deliver with: accreditctl timers fire --as ID)")"
            )
            for item in overdue {
                Output.line("  \(item.text("case"))  \(item.text("event"))  due \(item.text("due"))")
            }
            let lateAppeals = report.array("lateAppeals")
            Output.line()
            Output.line("Appeals past their date: \(lateAppeals.isEmpty ? "none" : String(lateAppeals.count))")
            for item in lateAppeals {
                Output.line(
                    "  \(item.text("case"))  \(item.text("appeal")) against the \(item.text("against"))  due "
                        + item.text("due").prefix(10))
            }
            Output.line()
            Output.line("Awards expiring within \(days) days: \(expiring.isEmpty ? "none" : String(expiring.count))")
            for item in expiring {
                Output.line("  \(item.text("case"))  \(item.text("organisation"))  \(item.text("expires").prefix(10))")
            }
            Output.line()
            Output.line("Assessor workload (acts of evaluation over open cases):\(workload.isEmpty ? " none" : "")")
            for (actor, count) in workload.sorted(by: { ($1.1, $0.0) < ($0.1, $1.0) }) {
                Output.line("  \(actor)  \(count)")
            }
        }
    }
}

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
                let report = try who.desk(requiring: .report).report(
                    at: Moment.given(at), expiringWithinDays: expiringWithin)
                output.json ? Self.printJSON(report) : Self.printText(report, days: expiringWithin)
            }
        }

        static func printJSON(_ report: CaseReport) {
            Output.json([
                "casesByState": .object(report.casesByState.mapValues { .integer(Int64($0)) }),
                "overdue": .array(
                    report.overdue.map {
                        [
                            "case": .string($0.caseID), "event": .string($0.deadline.event),
                            "due": .string($0.deadline.due.iso8601),
                        ]
                    }),
                "expiring": .array(
                    report.expiring.map {
                        [
                            "case": .string($0.caseID), "organisation": .string($0.organisation),
                            "expires": .string($0.expires.iso8601),
                        ]
                    }),
                "workload": .object(report.workload.mapValues { .integer(Int64($0)) }),
            ])
        }

        static func printText(_ report: CaseReport, days: Int) {
            Output.line("Cases by state:")
            Output.table(
                ["  STATE", "CASES"],
                report.casesByState.sorted { $0.key < $1.key }.map { ["  " + $0.key, String($0.value)] })
            Output.line()
            Output.line(
                "Overdue deadlines: \(report.overdue.isEmpty ? "none" : "\(report.overdue.count) (deliver with: accreditctl timers fire --as ID)")"
            )
            for item in report.overdue {
                Output.line("  \(item.caseID)  \(item.deadline.event)  due \(item.deadline.due.iso8601)")
            }
            Output.line()
            Output.line(
                "Awards expiring within \(days) days: \(report.expiring.isEmpty ? "none" : String(report.expiring.count))"
            )
            for item in report.expiring {
                Output.line("  \(item.caseID)  \(item.organisation)  \(Moment.date(item.expires))")
            }
            Output.line()
            Output.line(
                "Assessor workload (acts of evaluation over open cases):\(report.workload.isEmpty ? " none" : "")")
            for (actor, count) in report.workload.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
                Output.line("  \(actor)  \(count)")
            }
        }
    }
}

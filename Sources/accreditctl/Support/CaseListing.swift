import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// How case summaries are shown: the `case list` table and its JSON.
enum CaseListing {
    /// Prints the table: case, organisation, status, version, next deadline.
    static func table(_ cases: [CaseSummary]) {
        guard !cases.isEmpty else {
            Output.line("no cases")
            return
        }
        Output.table(
            ["CASE", "ORGANISATION", "STATUS", "VERSION", "NEXT DEADLINE"],
            cases.map { summary in
                [
                    summary.caseID, summary.organisation, summary.status, String(summary.version),
                    summary.nextDeadline.map { "\($0.event) \($0.due.iso8601)" } ?? "-",
                ]
            })
    }

    /// `{case, organisation, status, configuration, version, deadlines: [{timer, event, due}]}`.
    static func json(_ summary: CaseSummary) -> Value {
        [
            "case": .string(summary.caseID), "organisation": .string(summary.organisation),
            "status": .string(summary.status), "configuration": .array(summary.configuration.map(Value.string)),
            "version": .integer(summary.version), "deadlines": .array(summary.deadlines.map(deadline)),
        ]
    }

    /// `{timer, event, due}`.
    static func deadline(_ deadline: CaseDeadline) -> Value {
        ["timer": .string(deadline.timerID), "event": .string(deadline.event), "due": .string(deadline.due.iso8601)]
    }
}

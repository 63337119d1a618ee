import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// How case summaries are shown: the `case list` table and its JSON.
enum CaseListing {
    /// The table (case, organisation, status, version, next deadline, award) and the JSON `{cases: [case summary]}`.
    static var listing: Listing<CaseSummary> {
        Listing(
            key: "cases", header: ["CASE", "ORGANISATION", "STATUS", "VERSION", "NEXT DEADLINE", "AWARD UNTIL"],
            empty: "no cases",
            row: { summary in
                [
                    summary.caseID, summary.organisation, summary.status, String(summary.version),
                    summary.nextDeadline.map { "\($0.event) \($0.due.iso8601)" } ?? "-",
                    summary.awardUntil?.iso8601 ?? "-",
                ]
            }, value: json)
    }

    /// `{case, organisation, status, configuration, version, deadlines: [{timer, event, due}], awardUntil}`
    /// (`awardUntil` null when the case holds no award).
    static func json(_ summary: CaseSummary) -> Value {
        [
            "case": .string(summary.caseID), "organisation": .string(summary.organisation),
            "status": .string(summary.status), "configuration": .array(summary.configuration.map(Value.string)),
            "version": .integer(summary.version), "deadlines": .array(summary.deadlines.map(deadline)),
            "awardUntil": summary.awardUntil.map { .string($0.iso8601) } ?? .null,
        ]
    }

    /// `{timer, event, due}`.
    static func deadline(_ deadline: CaseDeadline) -> Value {
        ["timer": .string(deadline.timerID), "event": .string(deadline.event), "due": .string(deadline.due.iso8601)]
    }
}

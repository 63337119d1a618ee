import AccreditEngine
import EvidenceStore
import Statecharts

/// How complaints and planned visits look in the API (the command-line tool's `--json` prints the same documents).
public enum ComplaintViews {
    /// `{complaint, organisation, source, status, receivedAt, receivedBy, complainant, contact, text, erased,
    /// triage, closure}`; `triage` and `closure` are `{decision, summary, by, at}` or null, `erased` is `{by, at}` or
    /// null (then `complainant`, `contact` and `text` are null).
    public static func complaint(_ complaint: Complaint) -> Value {
        [
            "complaint": .string(complaint.reference), "organisation": .string(complaint.organisation),
            "source": .string(complaint.source.rawValue), "status": .string(complaint.status),
            "receivedAt": .string(complaint.receivedAt.iso8601),
            "receivedBy": complaint.receivedBy.map(Value.string) ?? .null,
            "complainant": complaint.complainant.map(Value.string) ?? .null,
            "contact": complaint.contact.map(Value.string) ?? .null, "text": complaint.body.map(Value.string) ?? .null,
            "erased": complaint.erased.map { ["by": .string($0.actor), "at": .string($0.at.iso8601)] } ?? .null,
            "triage": complaint.triage.map(step) ?? .null, "closure": complaint.closure.map(step) ?? .null,
        ]
    }

    /// `{visit, case, kind, status, notBefore, notAfter, complaints, visitors, plannedBy, plannedAt, note, heldSeq,
    /// outcome}`;
    /// `status` is `planned`, `held` or `cancelled`; `outcome` is `{decision, summary, by, at}` (the summary is a
    /// cancellation's reason) or null.
    public static func visit(_ plan: VisitPlan) -> Value {
        [
            "visit": .string(plan.reference), "case": .string(plan.caseID), "kind": .string(plan.kind.rawValue),
            "status": .string(plan.status), "notBefore": .string(DirectoryViews.day(plan.notBefore)),
            "notAfter": .string(DirectoryViews.day(plan.notAfter)),
            "complaints": .array(plan.complaints.map(Value.string)),
            "visitors": .array(plan.visitors.map(Value.string)), "plannedBy": .string(plan.plannedBy),
            "plannedAt": plan.plannedAt.map { .string($0.iso8601) } ?? .null,
            "note": plan.note.map(Value.string) ?? .null, "heldSeq": plan.heldSeq.map(Value.integer) ?? .null,
            "outcome": plan.outcome.map(step) ?? .null,
        ]
    }

    /// A held visit as the case records it: `{visit, kind, plannedBy, plannedAt, complaints: [{complaint, summary}],
    /// visitors, report, heldBy, heldAt}`.
    public static func heldVisit(_ visit: CaseVisit) -> Value {
        [
            "visit": .string(visit.id), "kind": .string(visit.kind), "plannedBy": .string(visit.plannedBy),
            "plannedAt": .string(visit.plannedAt.iso8601),
            "complaints": .array(
                visit.complaints.map { ["complaint": .string($0.reference), "summary": .string($0.summary)] }),
            "visitors": .array(visit.visitors.map(Value.string)), "report": .string(visit.report),
            "heldBy": .string(visit.heldBy), "heldAt": .string(visit.heldAt.iso8601),
        ]
    }

    /// `{decision, summary, by, at}`.
    static func step(_ step: ComplaintStep) -> Value {
        [
            "decision": .string(step.decision), "summary": .string(step.summary), "by": .string(step.actor),
            "at": .string(step.at.iso8601),
        ]
    }
}

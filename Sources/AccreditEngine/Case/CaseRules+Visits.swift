import Statecharts

/// The rules of a `hold-visit` event: a planned visit (`V-n`) recorded once, of a known kind, a for-cause visit
/// naming the complaints it follows with their summaries and an unannounced one none, who planned it and when, and
/// the assessors who made it (`visitors`, none on an open appeal's panel), and the team's report. Rules:
/// `visit.unknown`, `visit.already-held`, `visit.kind`, `visit.complaints`, `visit.planned`, `visit.visitors`,
/// `team.on-panel`, `visit.report`. That the plan exists and is the store's is the desk's to check.
extension CaseRules {
    /// The visit a `hold-visit` event records, or the first rule it breaks.
    static func checkVisit(_ value: Value, record: CaseRecord, actor: String, at time: Instant)
        -> Result<CaseVisit, CaseRefusal>
    {
        guard case .string(let id)? = value["visit"], isReference(id, prefix: "V-") else {
            return .failure(
                CaseRefusal(rule: "visit.unknown", message: "name the planned visit being recorded, such as V-1"))
        }
        if let held = record.visits[id] {
            return .failure(
                CaseRefusal(
                    rule: "visit.already-held",
                    message: "visit \(id) was recorded as held on \(held.heldAt.iso8601) by \(held.heldBy)"))
        }
        guard case .string(let kind)? = value["kind"], CaseVisit.kinds.contains(kind) else {
            return .failure(
                CaseRefusal(
                    rule: "visit.kind",
                    message: "the visit's kind is one of \(CaseVisit.kinds.joined(separator: ", "))"))
        }
        var complaints: [CaseVisit.Complaint] = []
        switch value["complaints"] {
        case nil, .null?: break
        case .array(let items)? where items.count <= CaseVisit.maximumComplaints:
            for item in items {
                guard case .string(let reference)? = item["complaint"], isReference(reference, prefix: "CMP-"),
                    !complaints.contains(where: { $0.reference == reference }),
                    case .string(let summary)? = item["summary"], isText(summary, limit: 2000)
                else { return .failure(complaintsShape()) }
                complaints.append(CaseVisit.Complaint(reference: reference, summary: summary))
            }
        default: return .failure(complaintsShape())
        }
        guard complaints.isEmpty == (kind == "unannounced") else {
            return .failure(
                CaseRefusal(
                    rule: "visit.complaints",
                    message: kind == "for-cause"
                        ? "a for-cause visit names the complaints it follows"
                        : "an unannounced visit follows no complaint; plan a for-cause visit for complaints"))
        }
        guard case .string(let plannedBy)? = value["plannedBy"], isActorID(plannedBy),
            case .string(let plannedText)? = value["plannedAt"], let plannedAt = Instant(iso8601: plannedText),
            plannedAt <= time
        else {
            return .failure(
                CaseRefusal(
                    rule: "visit.planned",
                    message: "say who planned the visit (plannedBy, an actor id) and when (plannedAt, an ISO 8601 "
                        + "time no later than now)"))
        }
        var visitors: [String] = []
        switch value["visitors"] {
        case nil, .null?: break
        case .array(let items)? where items.count <= CaseVisit.maximumVisitors:
            for item in items {
                guard case .string(let person) = item, isActorID(person), !visitors.contains(person) else {
                    return .failure(visitorsShape())
                }
                if let appeal = record.openAppeal, appeal.panel.contains(person) {
                    return .failure(
                        CaseRefusal(
                            rule: "team.on-panel",
                            message: "\(person) sits on the panel hearing appeal \(appeal.id) and cannot visit the case"
                        ))
                }
                visitors.append(person)
            }
        default: return .failure(visitorsShape())
        }
        guard case .string(let report)? = value["report"], isText(report, limit: maximumFindingText) else {
            return .failure(
                CaseRefusal(
                    rule: "visit.report",
                    message: "give the visit's report (what the team saw; raise findings as findings): text of 1 to "
                        + "\(maximumFindingText) characters"))
        }
        return .success(
            CaseVisit(
                id: id, kind: kind, plannedBy: plannedBy, plannedAt: plannedAt, complaints: complaints,
                visitors: visitors, report: report, heldBy: actor, heldAt: time))
    }

    /// Whether `text` is a store reference: `prefix` and 1 to 18 digits without a leading zero (one spelling each).
    static func isReference(_ text: String, prefix: String) -> Bool {
        guard text.hasPrefix(prefix) else { return false }
        let digits = text.utf8.dropFirst(prefix.utf8.count)
        return (1...18).contains(digits.count) && digits.first != 0x30
            && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// ``FreeText/isValid(_:limit:)``.
    static func isText(_ text: String, limit: Int) -> Bool { FreeText.isValid(text, limit: limit) }

    private static func visitorsShape() -> CaseRefusal {
        CaseRefusal(
            rule: "visit.visitors",
            message: "name the visitors as a list of up to \(CaseVisit.maximumVisitors) distinct actor ids")
    }

    private static func complaintsShape() -> CaseRefusal {
        CaseRefusal(
            rule: "visit.complaints",
            message: "name the complaints as a list of up to \(CaseVisit.maximumComplaints) distinct "
                + "{\"complaint\": \"CMP-1\", \"summary\": \"...\"} (a summary of 1 to 2,000 characters)")
    }
}

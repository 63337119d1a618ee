import Statecharts

extension CaseMachine {
    /// An appeal as a snapshot stores it.
    static func encode(_ appeal: CaseAppeal) -> Value {
        [
            "against": .string(appeal.against), "scope": .string(appeal.scope), "grounds": .string(appeal.grounds),
            "lodgedBy": .string(appeal.lodgedBy), "lodgedAt": .integer(appeal.lodgedAt.microsecondsSinceEpoch),
            "due": appeal.due.map { .integer($0.microsecondsSinceEpoch) } ?? .null,
            "panel": .array(appeal.panel.map(Value.string)), "panelBy": appeal.panelBy.map(Value.string) ?? .null,
            "outcome": appeal.outcome.map { .string($0.rawValue) } ?? .null,
            "reasons": appeal.reasons.map(Value.string) ?? .null,
            "substituted": appeal.substitutedOutcome.map(Value.string) ?? .null,
            "resolvedBy": appeal.resolvedBy.map(Value.string) ?? .null,
            "resolvedAt": appeal.resolvedAt.map { .integer($0.microsecondsSinceEpoch) } ?? .null,
        ]
    }

    /// An appeal from a snapshot, or nil when the value is not one.
    static func decodeAppeal(_ id: String, _ value: Value) -> CaseAppeal? {
        guard case .string(let against)? = value["against"], case .string(let scope)? = value["scope"],
            case .string(let grounds)? = value["grounds"],
            case .string(let lodgedBy)? = value["lodgedBy"], case .integer(let lodgedAt)? = value["lodgedAt"],
            case .array(let panel)? = value["panel"], let due = optionalInstant(value["due"]),
            let panelBy = optionalString(value["panelBy"]), let outcomeText = optionalString(value["outcome"]),
            let reasons = optionalString(value["reasons"]), let substituted = optionalString(value["substituted"]),
            let resolvedBy = optionalString(value["resolvedBy"]),
            let resolvedAt = optionalInstant(value["resolvedAt"])
        else { return nil }
        var outcome: CaseAppeal.Outcome?
        if let outcomeText {
            guard let known = CaseAppeal.Outcome(rawValue: outcomeText) else { return nil }
            outcome = known
        }
        var members: [String] = []
        for item in panel {
            guard case .string(let person) = item else { return nil }
            members.append(person)
        }
        return CaseAppeal(
            id: id, against: against, scope: scope, grounds: grounds, lodgedBy: lodgedBy,
            lodgedAt: Instant(microsecondsSinceEpoch: lodgedAt), due: due, panel: members, panelBy: panelBy,
            outcome: outcome, reasons: reasons, substitutedOutcome: substituted, resolvedBy: resolvedBy,
            resolvedAt: resolvedAt)
    }

    /// A held visit as a snapshot stores it.
    static func encode(_ visit: CaseVisit) -> Value {
        [
            "kind": .string(visit.kind), "plannedBy": .string(visit.plannedBy),
            "plannedAt": .integer(visit.plannedAt.microsecondsSinceEpoch),
            "complaints": .array(
                visit.complaints.map { ["complaint": .string($0.reference), "summary": .string($0.summary)] }),
            "visitors": .array(visit.visitors.map(Value.string)), "report": .string(visit.report),
            "heldBy": .string(visit.heldBy),
            "heldAt": .integer(visit.heldAt.microsecondsSinceEpoch),
        ]
    }

    /// A held visit from a snapshot, or nil when the value is not one.
    static func decodeVisit(_ id: String, _ value: Value) -> CaseVisit? {
        guard case .string(let kind)? = value["kind"], case .string(let plannedBy)? = value["plannedBy"],
            case .integer(let plannedAt)? = value["plannedAt"], case .array(let items)? = value["complaints"],
            case .array(let visitorItems)? = value["visitors"],
            case .string(let report)? = value["report"], case .string(let heldBy)? = value["heldBy"],
            case .integer(let heldAt)? = value["heldAt"]
        else { return nil }
        var complaints: [CaseVisit.Complaint] = []
        for item in items {
            guard case .string(let reference)? = item["complaint"], case .string(let summary)? = item["summary"]
            else { return nil }
            complaints.append(CaseVisit.Complaint(reference: reference, summary: summary))
        }
        var visitors: [String] = []
        for item in visitorItems {
            guard case .string(let person) = item else { return nil }
            visitors.append(person)
        }
        return CaseVisit(
            id: id, kind: kind, plannedBy: plannedBy, plannedAt: Instant(microsecondsSinceEpoch: plannedAt),
            complaints: complaints, visitors: visitors, report: report, heldBy: heldBy,
            heldAt: Instant(microsecondsSinceEpoch: heldAt))
    }

    /// A string or null (`.some(nil)`); nil when the value is neither.
    private static func optionalString(_ value: Value?) -> String?? {
        switch value {
        case .string(let text)?: .some(text)
        case .null?: .some(nil)
        default: nil
        }
    }

    /// An instant (microseconds) or null (`.some(nil)`); nil when the value is neither.
    private static func optionalInstant(_ value: Value?) -> Instant?? {
        switch value {
        case .integer(let micros)?: .some(Instant(microsecondsSinceEpoch: micros))
        case .null?: .some(nil)
        default: nil
        }
    }
}

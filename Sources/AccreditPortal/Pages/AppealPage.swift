import AccreditAPI
import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// A case's appeals on its page: each appeal with what it is against, its grounds, its panel, its date and its
/// resolution; for the organisation, the form that lodges one while a decision may be appealed; for the secretariat,
/// the form that appoints the panel (decision makers who took no part in the case); for a panel member, the form
/// that records the panel's resolution. The API checks every rule; a refusal is shown next to the form, in words.
enum AppealPage {
    /// The routes; each form is on the case page.
    static let routes: [PortalRoute] = [
        PortalRoute(.post, "/cases/{case}/appeals") { call in
            let data: [String: Value] = ["grounds": .string(call.request.form.trimmed("grounds") ?? "")]
            return try send(call, .lodgeAppeal, data, field: "appeal-grounds")
        },
        PortalRoute(.post, "/cases/{case}/appeals/panel") { call in
            let members = call.request.form.all("member").filter { !$0.isEmpty }
            return try send(call, .appointPanel, ["panel": .array(members.map(Value.string))], field: "appeal-panel")
        },
        PortalRoute(.post, "/cases/{case}/appeals/resolution") { call in
            let form = call.request.form
            let action: TransitionAction
            switch form["outcome"] {
            case "uphold": action = .upholdAppeal
            case "dismiss": action = .dismissAppeal
            default:
                // Never a default: a dismissal may end the case for good.
                return try CasePage.render(
                    call,
                    errors: [["field": "appeal-uphold", "message": "Choose whether the panel upholds or dismisses"]],
                    status: 400)
            }
            var data: [String: Value] = ["reasons": .string(form.trimmed("reasons") ?? "")]
            if let substitute = form.trimmed("substitute") { data["outcome"] = .string(substitute) }
            return try send(call, action, data, field: "appeal-reasons")
        },
    ]

    private static func send(_ call: PortalCall, _ action: TransitionAction, _ data: [String: Value], field: String)
        throws -> PortalResponse
    {
        try CasePage.send(call, action, data, field: field, section: "appeals", message: message)
    }

    /// What to do about a refusal, in words; other rules keep the API's detail.
    private static func message(_ problem: Problem) -> String {
        switch problem.rule {
        case "appeal.grounds"?: return "Give the grounds of the appeal (at most 4,000 characters)"
        case "appeal.reasons"?: return "Give the panel's reasons (at most 4,000 characters)"
        case "appeal.outcome"?: return problem.detail
        case "appeal.panel"?: return "Choose the panel's members, each once"
        case "workflow.guard-failed"?:
            return "The workflow does not allow this resolution now (a panel may need more members): "
                + problem.detail
        default: return problem.detail
        }
    }

    /// The case page's appeals section.
    static func context(_ call: PortalCall, _ seen: CaseInView, form: FormFields) throws -> [String: Any] {
        let record = seen.open.state.record
        let viewer = seen.viewer.actor.id
        let open = record.openAppeal
        let appeals = record.appealsInOrder.map { appeal -> [String: Any] in
            var shown: [String: Any] = [
                "id": appeal.id, "against": PortalLinks.words(appeal.against), "grounds": appeal.grounds,
                "lodgedBy": appeal.lodgedBy, "lodged": ReadableDates.moment(appeal.lodgedAt),
                "status": appeal.outcome.map { outcome in
                    switch outcome {
                    case .upheld: "Upheld"
                    case .dismissed: "Dismissed"
                    case .lapsed: "Lapsed (the case ended first)"
                    }
                } ?? "Being heard",
                "panel": appeal.panel.joined(separator: ", "), "hasPanel": !appeal.panel.isEmpty,
                "overdue": appeal.isOverdue(at: seen.now),
            ]
            if let due = appeal.due { shown["due"] = ReadableDates.moment(due) }
            if let reasons = appeal.reasons { shown["reasons"] = reasons }
            return shown
        }
        let appealable = seen.machine.appealable(seen.open.state)
        let deadline = seen.machine.appealDeadline(seen.open.state)
        // Past the deadline (not yet delivered) the appeal would be refused as late: no form.
        let mayLodge = seen.actions.may(.lodgeAppeal) && deadline.map { $0 > seen.now } ?? true
        let mayAppoint =
            open != nil
            && seen.machine.events(for: .appointPanel).contains { event in
                seen.actions.events.contains { $0.name == event && $0.enabled }
            }
        let mayResolve = open.map { $0.panel.contains(viewer) } ?? false
        var context: [String: Any] = [
            "appeals": appeals, "hasAppeals": !appeals.isEmpty,
            "showAppeals": !appeals.isEmpty || mayLodge || mayAppoint, "mayLodge": mayLodge,
            "mayAppoint": mayAppoint, "mayResolve": mayResolve,
        ]
        if mayLodge, let appealable {
            context["appealable"] = PortalLinks.words(appealable).lowercased()
            if let deadline { context["appealUntil"] = ReadableDates.moment(deadline) }
            context["grounds"] = form["grounds"] ?? ""
        }
        if mayResolve {
            context["reasons"] = form["reasons"] ?? ""
            context["substitutes"] = seen.machine.framework.outcomes.filter(\.isAward).map { outcome in
                [
                    "id": outcome.id.rawValue, "label": outcome.label,
                    "selected": form["substitute"] == outcome.id.rawValue,
                ] as [String: Any]
            }
        }
        guard mayAppoint, let open else { return context }
        // Decision makers who took no part in the case; the API checks conflicts of interest.
        let deciders = Set(seen.machine.roleKinds.roles(withAnyOf: [.decider]))
        let involved = Set(record.involvement.keys).union(record.participants).union(record.team.keys)
        let chosen = Set(form.all("member")).union(open.panel)
        context["panelCandidates"] = try call.desk.actors(as: viewer).filter {
            $0.organisation == nil && !$0.roles.isDisjoint(with: deciders) && !involved.contains($0.id)
        }.map { actor in
            ["id": actor.id, "name": actor.name, "checked": chosen.contains(actor.id)] as [String: Any]
        }
        return context
    }
}

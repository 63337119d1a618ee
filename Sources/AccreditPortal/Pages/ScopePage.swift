import AccreditAPI
import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// A case's scope on its page: the services it assesses, a change of an award's scope awaiting its decision, and
/// the criteria proposed not applicable with their reviews; and, for whoever the workflow lets, the forms that
/// declare the scope, propose a criterion not applicable, review a proposal, ask for a change and decide it.
enum ScopePage {
    /// The routes; each form is on the case page, which shows a refusal next to it.
    static let routes: [PortalRoute] = [
        PortalRoute(.post, "/cases/{case}/scope") { call in
            try send(call, .declareScope, ["services": services(call)], field: "scope-services")
        },
        PortalRoute(.post, "/cases/{case}/scope/not-applicable") { call in
            let form = call.request.form
            let data: [String: Value] = [
                "criterion": .string(form.trimmed("criterion") ?? ""),
                "justification": .string(form.trimmed("justification") ?? ""),
            ]
            return try send(call, .proposeNotApplicable, data, field: "scope-justification")
        },
        PortalRoute(.post, "/cases/{case}/scope/not-applicable/{criterion}/review") { call in
            let criterion = call.parameter("criterion")
            let form = call.request.form
            let data: [String: Value] = [
                "criterion": .string(criterion),
                "decision": .string(form["decision"] == "accept" ? "accept" : "reject"),
                "reason": .string(form.trimmed("reason") ?? ""),
            ]
            return try send(call, .reviewNotApplicable, data, field: "scope-review-\(criterion)")
        },
        PortalRoute(.post, "/cases/{case}/scope/change") { call in
            let data: [String: Value] = [
                "services": services(call), "reason": .string(call.request.form.trimmed("reason") ?? ""),
            ]
            return try send(call, .requestScopeChange, data, field: "scope-change-reason")
        },
        PortalRoute(.post, "/cases/{case}/scope/decision") { call in
            let form = call.request.form
            let data: [String: Value] = [
                "decision": .string(form["decision"] == "approve" ? "approve" : "refuse"),
                "reason": .string(form.trimmed("reason") ?? ""),
            ]
            return try send(call, .decideScopeChange, data, field: "scope-decision-reason")
        },
    ]

    /// The services ticked on a form.
    private static func services(_ call: PortalCall) -> Value {
        .array(call.request.form.all("service").filter { !$0.isEmpty }.map(Value.string))
    }

    /// Sends the workflow's event for `action`; a refusal is shown on the case page next to `field`, in words.
    private static func send(_ call: PortalCall, _ action: TransitionAction, _ data: [String: Value], field: String)
        throws -> PortalResponse
    {
        try CasePage.send(call, action, data, field: field, section: "scope", message: message)
    }

    /// What to do about a refusal, in words; other rules keep the API's detail.
    private static func message(_ problem: Problem) -> String {
        switch problem.rule {
        case "scope.services"?: return "Tick the services the case assesses"
        case "scope.reason"?: return "Say why, in up to 2,000 characters"
        case "applicability.justification"?: return "Say why the criterion does not apply, in up to 2,000 characters"
        case "applicability.reason"?: return "Give the reason for your review, in up to 2,000 characters"
        default: return problem.detail
        }
    }

    /// The case page's scope section.
    static func context(_ call: PortalCall, _ seen: CaseInView, form: FormFields) throws -> [String: Any] {
        let framework = seen.machine.framework
        let record = seen.open.state.record
        let actions = seen.actions
        let excluded = record.notApplicable(in: framework)
        let kindLabel = { (kind: String) in framework.serviceKind(kind)?.label ?? kind }
        func listed(_ services: [CaseScope.Service]) -> [[String: Any]] {
            services.map { ["name": $0.name, "kind": kindLabel($0.kind), "site": $0.siteName] }
        }
        let mayDeclare = actions.may(.declareScope)
        let mayPropose = actions.may(.proposeNotApplicable)
        let mayReview = actions.may(.reviewNotApplicable)
        let mayChange = actions.may(.requestScopeChange)
        let mayDecide = actions.may(.decideScopeChange)
        let proposals = record.applicabilityInOrder(of: framework).map { proposal -> [String: Any] in
            [
                "criterion": proposal.criterion, "justification": proposal.justification,
                "proposedBy": proposal.proposedBy, "status": proposal.status.rawValue,
                "accepted": proposal.status == .accepted, "rejected": proposal.status == .rejected,
                "inEffect": excluded.contains(proposal.criterion), "reviewedBy": proposal.reviewedBy ?? "",
                "reason": proposal.reason ?? "",
                "mayReview": mayReview && proposal.status != .rejected,
                "mayAccept": proposal.status == .proposed,
            ]
        }
        var context: [String: Any] = [
            "showScope": record.scope != nil || record.scopeChange != nil || !proposals.isEmpty || mayDeclare
                || mayPropose || mayChange,
            "scopeServices": listed(record.scope?.services ?? []), "hasScope": record.scope != nil,
            "proposals": proposals, "hasProposals": !proposals.isEmpty, "mayDeclare": mayDeclare,
            "mayPropose": mayPropose, "mayChangeScope": mayChange, "mayDecideScope": mayDecide,
        ]
        if let change = record.scopeChange {
            context["scopeChange"] = [
                "services": listed(change.services), "reason": change.reason, "requestedBy": change.requestedBy,
                "requestedAt": ReadableDates.moment(change.requestedAt),
            ]
        }
        if mayPropose {
            let kinds = record.scopeChange?.kinds ?? record.scope?.kinds ?? []
            context["proposable"] = framework.criteria.filter {
                $0.mayBeNotApplicable(toKinds: kinds)
                    && record.applicability[$0.id].map { $0.status == .rejected } ?? true
            }.map { ["id": $0.id, "summary": CasePage.summary($0.text), "selected": form["criterion"] == $0.id] }
            context["justification"] = form["justification"] ?? ""
        }
        if mayDeclare || mayChange {
            let (sites, services) = try call.desk.sitesAndServices(
                of: seen.open.head.organisationID, as: seen.viewer.actor.id)
            let ticked = Set(form.all("service"))
            let current = Set((record.scopeChange?.services ?? record.scope?.services ?? []).map(\.code))
            context["directoryServices"] = services.map { service in
                [
                    "code": service.code, "name": service.name, "kind": kindLabel(service.kind),
                    "site": sites.first { $0.code == service.site }?.name ?? service.site,
                    "checked": ticked.isEmpty ? current.contains(service.code) : ticked.contains(service.code),
                ] as [String: Any]
            }
            context["hasDirectoryServices"] = !services.isEmpty
        }
        return context
    }
}

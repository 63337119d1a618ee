import AccreditAPI
import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// A case's visits on its page: the visits held that the organisation was not told of (everyone who reads the case
/// sees them once held); for staff, the plans still to come, which the organisation never sees; for the secretariat,
/// the form that plans an unannounced visit (a for-cause one is planned from its complaint) and cancels one; for the
/// case's team, the form that records a planned visit as held.
enum VisitsPage {
    /// The routes; each form is on the case page.
    static let routes: [PortalRoute] = [
        PortalRoute(.post, "/cases/{case}/visits") { call in
            let form = call.request.form
            var body: [String: Value] = [
                "case": .string(call.parameter("case")), "kind": "unannounced",
                "notBefore": .string(form.trimmed("from") ?? ""), "notAfter": .string(form.trimmed("to") ?? ""),
            ]
            if let note = form.trimmed("note") { body["note"] = .string(note) }
            body["visitors"] = .array(form.all("visitor").filter { !$0.isEmpty }.map(Value.string))
            return try send(
                call, "/api/v1/visits", body, field: "visit-plan-from", visitorsField: "visit-plan-visitors")
        },
        PortalRoute(.post, "/cases/{case}/visits/{visit}/hold") { call in
            let visit = call.parameter("visit")
            return try send(
                call, "/api/v1/visits/\(PortalLinks.escape(visit))/hold",
                ["report": .string(call.request.form.trimmed("report") ?? "")], field: "visit-report-\(visit)")
        },
        PortalRoute(.post, "/cases/{case}/visits/{visit}/cancel") { call in
            let visit = call.parameter("visit")
            return try send(
                call, "/api/v1/visits/\(PortalLinks.escape(visit))/cancel",
                ["reason": .string(call.request.form.trimmed("reason") ?? "")], field: "visit-reason-\(visit)")
        },
    ]

    /// Sends a form's request through the API, then shows the case page at its visits; a refusal the person can
    /// correct is shown next to `field`.
    private static func send(
        _ call: PortalCall, _ path: String, _ body: [String: Value], field: String, visitorsField: String? = nil
    ) throws -> PortalResponse {
        let caseID = call.parameter("case")
        do {
            _ = try call.api(.post, path, body: .object(body), idempotencyKey: call.request.form.trimmed("request"))
        } catch {
            guard PortalForms.isCorrectable(error) else { throw error }
            let shown = ComplaintPages.isAboutVisitors(error) ? visitorsField ?? field : field
            return try CasePage.render(
                call, errors: [["field": shown, "message": ComplaintPages.message(error)]], status: error.status)
        }
        return .seeOther(PortalLinks.casePage(caseID) + "?notice=sent#visits")
    }

    /// The assessors a plan may name as visitors (staff holding an evaluator role of the case's workflow), each
    /// marked when already on the team; the desk checks conflicts and training.
    static func candidates(
        _ call: PortalCall, _ machine: CaseMachine, viewer: String, chosen: Set<String>, team: Set<String>
    ) throws -> [[String: Any]] {
        let evaluators = Set(machine.roleKinds.roles(withAnyOf: [.evaluator]))
        return try call.desk.actors(as: viewer).filter {
            $0.organisation == nil && !$0.roles.isDisjoint(with: evaluators)
        }.map { actor in
            [
                "id": actor.id, "name": actor.name, "checked": chosen.contains(actor.id),
                "onTeam": team.contains(actor.id),
            ] as [String: Any]
        }
    }

    /// The case page's visits section.
    static func context(_ call: PortalCall, _ seen: CaseInView, form: FormFields) throws -> [String: Any] {
        let held = seen.open.state.record.visitsInOrder.map { visit -> [String: Any] in
            [
                "id": visit.id, "kind": PortalLinks.words(visit.kind), "heldBy": visit.heldBy,
                "held": ReadableDates.moment(visit.heldAt), "report": visit.report,
                "complaints": visit.complaints.map { ["reference": $0.reference, "summary": $0.summary] },
                "visitors": visit.visitors.joined(separator: ", "), "hasVisitors": !visit.visitors.isEmpty,
                "hasComplaints": !visit.complaints.isEmpty,
            ]
        }
        var context: [String: Any] = ["heldVisits": held, "hasHeldVisits": !held.isEmpty]
        // Organisations never see what is planned.
        guard !seen.viewer.actsForOrganisation else {
            context["showVisits"] = !held.isEmpty
            return context
        }
        let administers = seen.viewer.kinds.contains(.administrator)
        let mayHold = seen.actions.may(.holdVisit)
        let offered = seen.machine.events(for: .holdVisit).contains { seen.machine.isOffered($0, in: seen.open.state) }
        let planned = try call.desk.visitPlans(of: seen.caseID, as: seen.viewer.actor.id).filter {
            $0.status == "planned"
        }
        context["plans"] = planned.map { plan -> [String: Any] in
            [
                "id": plan.reference, "kind": PortalLinks.words(plan.kind.rawValue),
                "from": ReadableDates.day(plan.notBefore), "to": ReadableDates.day(plan.notAfter),
                "plannedBy": plan.plannedBy, "note": present(plan.note),
                "complaints": plan.complaints.joined(separator: ", "), "hasComplaints": !plan.complaints.isEmpty,
                "visitors": plan.visitors.joined(separator: ", "), "hasVisitors": !plan.visitors.isEmpty,
                "mayHold": mayHold, "mayCancel": administers,
            ]
        }
        context["hasPlans"] = !planned.isEmpty
        context["mayPlan"] = administers && offered
        if administers && offered {
            context["visitorCandidates"] = try Self.candidates(
                call, seen.machine, viewer: seen.viewer.actor.id, chosen: Set(form.all("visitor")),
                team: Set(seen.open.state.record.team.keys))
        }
        context["showVisits"] = !held.isEmpty || !planned.isEmpty || (administers && offered)
        context["visitForm"] = ["from": form["from"] ?? "", "to": form["to"] ?? "", "note": form["note"] ?? ""]
        return context
    }
}

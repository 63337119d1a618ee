import AccreditAPI
import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// The decision: what the award rules give (the outcome, the rule that decided and why), coverage by foundation,
/// and the form. A decision that departs from the rules' outcome needs a justification. Someone who may not decide
/// the case (they took part in its evaluation, or declared a conflict) is told so, with the rule, before the form.
enum DecisionPage {
    /// The routes.
    static let routes: [PortalRoute] = [
        PortalRoute(.get, "/cases/{case}/decision") { call in try render(call) },
        PortalRoute(.post, "/cases/{case}/decision") { call in try decide(call) },
    ]

    /// Records the decision through the API, then shows the case.
    static func decide(_ call: PortalCall) throws -> PortalResponse {
        let viewer = try call.signedIn()
        let caseID = call.parameter("case")
        let open = try call.desk.view(caseID, as: viewer.actor.id)
        let form = call.request.form
        guard let outcome = form.trimmed("outcome") else {
            return try render(call, errors: [["field": "outcome-0", "message": "Choose the outcome"]], status: 400)
        }
        let justification = form.trimmed("justification")
        let computed = try? open.assessment().decision
        if let computed, computed.outcome.rawValue != outcome, justification == nil {
            return try render(
                call,
                errors: [
                    [
                        "field": "justification",
                        "message":
                            "Give a justification: the award rules give \(PortalLinks.words(computed.outcome.rawValue).lowercased()) "
                            + "(rule \(computed.ruleID)), and your decision departs from it",
                    ]
                ], status: 400)
        }
        var data: [String: Value] = ["outcome": .string(outcome)]
        data["justification"] = justification.map(Value.string) ?? .null
        guard let event = form.trimmed("event") else {
            return try render(call, errors: [["field": "outcome-0", "message": "Choose the outcome"]], status: 400)
        }
        do {
            _ = try call.api(
                .post, "/api/v1/cases/\(PortalLinks.escape(caseID))/events",
                body: ["event": .string(event), "data": .object(data)], idempotencyKey: form.trimmed("request"))
        } catch {
            guard PortalForms.isCorrectable(error) else { throw error }
            return try render(call, errors: [["field": "outcome-0", "message": error.detail]], status: error.status)
        }
        return .seeOther(PortalLinks.casePage(caseID) + "?notice=decided")
    }

    /// The page, with the errors of the last attempt.
    static func render(_ call: PortalCall, errors: [[String: Any]] = [], status: Int = 200) throws -> PortalResponse {
        let seen = try CaseInView(call)
        let (viewer, caseID, open, machine) = (seen.viewer, seen.caseID, seen.open, seen.machine)
        let decisions = seen.actions.decisions
        var context: [String: Any] = [
            "case": caseID, "caseLink": PortalLinks.casePage(caseID), "organisation": open.head.organisationID,
            "request": PortalForms.requestID(), "errors": errors, "hasErrors": !errors.isEmpty,
            "justification": call.request.form["justification"] ?? "",
        ]
        // As on the case page, an organisation does not see the rules' outcome or the scores before the decision.
        if !viewer.actsForOrganisation, let assessment = try? open.assessment() {
            context["computed"] = [
                "outcome": PortalLinks.words(assessment.decision.outcome.rawValue),
                "rule": assessment.decision.ruleID, "explanation": assessment.decision.explanation,
            ]
            let titles = Dictionary(
                machine.framework.foundations.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
            context["coverage"] = assessment.foundations.map { foundation in
                [
                    "id": foundation.id, "title": titles[foundation.id] ?? foundation.id,
                    "criteria": foundation.criteria, "rated": foundation.rated,
                    "score": foundation.score, "maximum": foundation.maximumScore,
                    "withEvidence": foundation.criteriaWithEvidence,
                ] as [String: Any]
            }
        }
        guard let event = decisions.first else {
            context["notNow"] = true
            return call.page("decision", title: "Decision on case \(caseID)", status: status, context)
        }
        if let refusal = try call.desk.refusal(of: viewer.actor.id, sending: event.name, to: caseID) {
            context["refusal"] = ["message": Portal.sentence(refusal.message) ?? "", "rule": refusal.rule]
            return call.page("decision", title: "You may not decide case \(caseID)", status: 403, context)
        }
        let chosen = call.request.form["outcome"]
        context["event"] = event.name
        context["outcomes"] = machine.framework.outcomes.enumerated().map { index, outcome in
            [
                "index": index, "value": outcome.id.rawValue, "label": outcome.label,
                "checked": chosen == outcome.id.rawValue,
            ] as [String: Any]
        }
        context["form"] = true
        return call.page(
            "decision", title: (errors.isEmpty ? "" : "Error: ") + "Decision on case \(caseID)", status: status,
            context)
    }
}

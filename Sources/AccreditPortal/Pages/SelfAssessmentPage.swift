import AccreditAPI
import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// The organisation's self-assessment: one form, for each criterion a group of radio buttons on the framework's
/// scale and a narrative, and one button that records every self-assessment changed. Others see it read only.
enum SelfAssessmentPage {
    /// The routes.
    static let routes: [PortalRoute] = [
        PortalRoute(.get, "/cases/{case}/self-assessment") { call in try render(call) },
        PortalRoute(.post, "/cases/{case}/self-assessment") { call in try record(call) },
    ]

    /// The form field holding a criterion's self-rating: `self-SL-1.1`.
    static func field(_ criterion: String) -> String { "self-" + criterion }

    /// The form field holding a criterion's narrative: `narrative-SL-1.1`.
    static func narrativeField(_ criterion: String) -> String { "narrative-" + criterion }

    /// Records each self-assessment that changed (a rating chosen with a narrative), one event each through the
    /// API, then goes back to the case. A criterion with only one of the two is an error on the form; a refusal stops
    /// there and is shown on the form, and the self-assessments recorded before it stand.
    static func record(_ call: PortalCall) throws -> PortalResponse {
        let viewer = try call.signedIn()
        let caseID = call.parameter("case")
        let open = try call.desk.view(caseID, as: viewer.actor.id)
        let form = call.request.form
        let current = open.state.record.selfAssessments
        var recorded: [String] = []
        for criterion in open.definitions.machine.framework.criteria {
            let rating = form.trimmed(field(criterion.id))
            let narrative = form.trimmed(narrativeField(criterion.id))
            guard rating != nil || narrative != nil else { continue }
            let done = recorded.isEmpty ? "" : " (\(recorded.joined(separator: ", ")) were recorded)"
            guard let rating, let narrative else {
                let (missing, at) =
                    rating == nil
                    ? ("a rating", field(criterion.id) + "-0") : ("a narrative", narrativeField(criterion.id))
                return try render(
                    call, errors: [["field": at, "message": "\(criterion.id): give \(missing) too\(done)"]],
                    status: 422)
            }
            guard rating != current[criterion.id]?.rating || narrative != current[criterion.id]?.narrative else {
                continue
            }
            do {
                _ = try call.api(
                    .post, "/api/v1/cases/\(PortalLinks.escape(caseID))/events",
                    body: [
                        "action": .string(TransitionAction.selfAssess.rawValue),
                        "data": [
                            "criterion": .string(criterion.id), "rating": .string(rating),
                            "narrative": .string(narrative),
                        ],
                    ],
                    idempotencyKey: form.trimmed("request").map { "\($0)-\(criterion.id)" })
            } catch {
                guard PortalForms.isCorrectable(error) else { throw error }
                return try render(
                    call,
                    errors: [
                        ["field": narrativeField(criterion.id), "message": "\(criterion.id): \(error.detail)\(done)"]
                    ],
                    status: error.status)
            }
            recorded.append(criterion.id)
        }
        return .seeOther(PortalLinks.casePage(caseID) + "?notice=self-assessed")
    }

    /// The form (or, for someone who may not record one now, the self-assessment as it stands), with the errors of
    /// the last attempt.
    static func render(_ call: PortalCall, errors: [[String: Any]] = [], status: Int = 200) throws -> PortalResponse {
        let seen = try CaseInView(call)
        let (caseID, open, machine) = (seen.caseID, seen.open, seen.machine)
        let mayAssess = seen.actions.may(.selfAssess)
        let record = open.state.record
        let excluded = record.notApplicable(in: machine.framework)
        let form = call.request.form
        let scale = machine.framework.ratingScale
        let (done, total) = record.selfAssessmentProgress(in: machine.framework)
        let foundations = machine.framework.foundations.map { foundation -> [String: Any] in
            [
                "id": foundation.id, "title": foundation.title,
                "criteria": foundation.criteria.filter { !excluded.contains($0.id) }.map { criterion -> [String: Any] in
                    let given = record.selfAssessments[criterion.id]
                    let chosen = form[field(criterion.id)] ?? given?.rating
                    return [
                        "id": criterion.id, "text": criterion.text, "mandatory": criterion.mandatory,
                        "field": field(criterion.id), "narrativeField": narrativeField(criterion.id),
                        "narrative": form[narrativeField(criterion.id)] ?? given?.narrative ?? "",
                        "given": present(
                            given.map {
                                ["label": scale.level($0.rating)?.label ?? $0.rating, "narrative": $0.narrative]
                            }),
                        "levels": scale.levels.enumerated().map { index, level in
                            [
                                "value": level.id, "label": level.label, "index": index, "checked": chosen == level.id,
                            ] as [String: Any]
                        },
                    ]
                },
            ]
        }
        return call.page(
            "self-assessment",
            title: (errors.isEmpty ? "" : "Error: ") + "Self-assessment of case \(caseID)", status: status,
            [
                "case": caseID, "caseLink": PortalLinks.casePage(caseID), "foundations": foundations,
                "mayAssess": mayAssess, "done": done, "total": total, "request": PortalForms.requestID(),
                "errors": errors, "hasErrors": !errors.isEmpty, "limit": CaseSelfAssessment.narrativeLimit,
            ])
    }
}

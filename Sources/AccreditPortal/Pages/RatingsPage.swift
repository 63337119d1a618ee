import AccreditAPI
import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// Rating many criteria at once: one form, a group of radio buttons per criterion (arrow keys move within a group,
/// Tab to the next), an optional note each, and one button that records every rating changed.
enum RatingsPage {
    /// The routes.
    static let routes: [PortalRoute] = [
        PortalRoute(.get, "/cases/{case}/ratings") { call in try render(call) },
        PortalRoute(.post, "/cases/{case}/ratings") { call in try rate(call) },
    ]

    /// The form field holding a criterion's rating: `rating-SL-1.1`.
    static func field(_ criterion: String) -> String { "rating-" + criterion }

    /// Records each rating that changed (or that comes with a note), one event each through the API, then goes back
    /// to the case. A refusal stops there and is shown on the form; the ratings recorded before it stand, and the
    /// form says which.
    static func rate(_ call: PortalCall) throws -> PortalResponse {
        let viewer = try call.signedIn()
        let caseID = call.parameter("case")
        let open = try call.desk.view(caseID, as: viewer.actor.id)
        let form = call.request.form
        let current = open.state.record.ratings
        var recorded: [String] = []
        for criterion in open.definitions.machine.framework.criteria {
            guard let rating = form.trimmed(field(criterion.id)) else { continue }
            let note = form.trimmed("note-" + criterion.id)
            guard rating != current[criterion.id] || note != nil else { continue }
            var data: [String: Value] = ["criterion": .string(criterion.id), "rating": .string(rating)]
            if let note { data["note"] = .string(note) }
            do {
                _ = try call.api(
                    .post, "/api/v1/cases/\(PortalLinks.escape(caseID))/events",
                    body: ["action": "rate", "data": .object(data)],
                    idempotencyKey: form.trimmed("request").map { "\($0)-\(criterion.id)" })
            } catch {
                guard PortalForms.isCorrectable(error) else { throw error }
                let done = recorded.isEmpty ? "" : " (the ratings of \(recorded.joined(separator: ", ")) were recorded)"
                return try render(
                    call,
                    errors: [
                        ["field": field(criterion.id) + "-0", "message": "\(criterion.id): \(error.detail)\(done)"]
                    ],
                    status: error.status)
            }
            recorded.append(criterion.id)
        }
        return .seeOther(PortalLinks.casePage(caseID) + "?notice=rated")
    }

    /// The form, with the errors of the last attempt.
    static func render(_ call: PortalCall, errors: [[String: Any]] = [], status: Int = 200) throws -> PortalResponse {
        let seen = try CaseInView(call)
        let (viewer, caseID, open, machine) = (seen.viewer, seen.caseID, seen.open, seen.machine)
        let mayRate = seen.actions.may(.rate)
        // The current cycle's evidence only: an earlier cycle's is rated in this one only once reused.
        let cycle = open.state.record.cycle
        let evidence = Dictionary(
            grouping: try call.desk.evidence(of: caseID, for: viewer.actor.id).filter { $0.cycle == cycle },
            by: \.criterionID)
        let ratings = open.state.record.ratings
        let form = call.request.form
        let foundations = machine.framework.foundations.map { foundation -> [String: Any] in
            [
                "id": foundation.id, "title": foundation.title,
                "criteria": foundation.criteria.map { criterion -> [String: Any] in
                    let chosen = form[field(criterion.id)] ?? ratings[criterion.id]
                    return [
                        "id": criterion.id, "text": criterion.text, "mandatory": criterion.mandatory,
                        "field": field(criterion.id), "note": form["note-" + criterion.id] ?? "",
                        "levels": machine.framework.ratingScale.levels.enumerated().map { index, level in
                            [
                                "value": level.id, "label": level.label, "index": index,
                                "checked": chosen == level.id,
                            ] as [String: Any]
                        },
                        "evidence": (evidence[criterion.id] ?? []).filter { $0.status != .superseded }.map {
                            CaseChecklist.item($0)
                        },
                        "self": present(
                            open.state.record.selfAssessments[criterion.id].map { given -> [String: Any] in
                                [
                                    "label": machine.framework.ratingScale.level(given.rating)?.label ?? given.rating,
                                    "narrative": given.narrative,
                                ]
                            }),
                    ]
                },
            ]
        }
        return call.page(
            "ratings", title: (errors.isEmpty ? "" : "Error: ") + "Rate the criteria of case \(caseID)",
            status: status,
            [
                "case": caseID, "caseLink": PortalLinks.casePage(caseID), "foundations": foundations,
                "mayRate": mayRate, "request": PortalForms.requestID(), "errors": errors, "hasErrors": !errors.isEmpty,
            ])
    }
}

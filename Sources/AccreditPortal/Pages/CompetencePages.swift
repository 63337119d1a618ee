import AccreditAPI
import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// The staff's training records: what each person may assess and until when, which assignments to a case are
/// checked against; administrators record one (a requalification is a new record).
enum CompetencePages {
    /// The routes.
    static let routes: [PortalRoute] = [
        PortalRoute(.get, "/competences") { call in try page(call) },
        PortalRoute(.post, "/competences") { call in try record(call) },
    ]

    /// The records, with the form to add one for an administrator; `errors` from a refused form.
    static func page(_ call: PortalCall, errors: [[String: Any]] = [], status: Int = 200) throws -> PortalResponse {
        let viewer = try call.signedIn()
        let records = try call.desk.competences(as: viewer.actor.id)
        let administers = viewer.kinds.contains(.administrator)
        let form = call.request.form
        let now = try call.desk.now()
        var context: [String: Any] = [
            "records": records.map { record in
                [
                    "actor": record.actor, "framework": record.framework,
                    "foundations": record.foundations.isEmpty
                        ? "every foundation" : record.foundations.joined(separator: ", "),
                    "trained": ReadableDates.day(record.trainedOn), "until": ReadableDates.day(record.validUntil),
                    "lapsed": record.validUntil.adding(days: 1) <= now, "note": present(record.note),
                    "recordedBy": record.recordedBy,
                ] as [String: Any]
            },
            "hasRecords": !records.isEmpty, "administers": administers, "errors": errors,
            "hasErrors": !errors.isEmpty,
            "form": [
                "framework": form["framework"] ?? "", "foundations": form["foundations"] ?? "",
                "trained": form["trained"] ?? "", "until": form["until"] ?? "", "note": form["note"] ?? "",
            ],
        ]
        if administers {
            let frameworks = Set(try call.desk.catalog.all(.framework).map(\.reference.name)).sorted()
            context["frameworks"] = frameworks.map { name in
                ["id": name, "selected": form["framework"] == name] as [String: Any]
            }
            context["people"] = try call.desk.actors(as: viewer.actor.id).filter {
                $0.id != WorkflowExtension.systemRole && $0.organisation == nil
            }.map { actor in
                ["id": actor.id, "name": actor.name, "selected": form["actor"] == actor.id] as [String: Any]
            }
        }
        return call.page(
            "competences", title: (errors.isEmpty ? "" : "Error: ") + "Training records", status: status, context)
    }

    /// Records a competence through the API.
    static func record(_ call: PortalCall) throws -> PortalResponse {
        let form = call.request.form
        var errors: [[String: Any]] = []
        if form.trimmed("trained") == nil {
            errors.append(["field": "competence-trained", "message": "Enter the day of training, such as 2026-01-15"])
        }
        if form.trimmed("until") == nil {
            errors.append(["field": "competence-until", "message": "Enter the last day it counts, such as 2029-01-14"])
        }
        guard errors.isEmpty else { return try page(call, errors: errors, status: 400) }
        let foundations = (form["foundations"] ?? "").split(whereSeparator: { $0 == "," || $0 == " " })
            .map(String.init)
        var body: [String: Value] = [
            "actor": .string(form.trimmed("actor") ?? ""), "framework": .string(form.trimmed("framework") ?? ""),
            "foundations": .array(foundations.map(Value.string)), "trainedOn": .string(form.trimmed("trained") ?? ""),
            "validUntil": .string(form.trimmed("until") ?? ""),
        ]
        if let note = form.trimmed("note") { body["note"] = .string(note) }
        do {
            _ = try call.api(.post, "/api/v1/competences", body: .object(body))
        } catch {
            guard PortalForms.isCorrectable(error) else { throw error }
            return try page(
                call, errors: [["field": "competence-trained", "message": error.detail]], status: error.status)
        }
        return .seeOther("/competences?notice=recorded")
    }
}

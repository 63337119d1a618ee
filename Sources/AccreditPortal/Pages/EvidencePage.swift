import AccreditAPI
import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// One evidence item: its details, the file shown in the page when a browser can show it safely (PDF and images),
/// a download otherwise, and the assessor's accept or reject form.
enum EvidencePage {
    /// The routes.
    static let routes: [PortalRoute] = [
        PortalRoute(.get, "/cases/{case}/evidence/{evidence}") { call in try render(call) },
        PortalRoute(.get, "/cases/{case}/evidence/{evidence}/view") { call in
            let record = try record(call)
            let path = try call.desk.blobs.readablePath(of: record.sha256, size: record.size)
            return PortalResponse(
                status: 200,
                body: .file(
                    FileDownload(
                        path: path, size: record.size, sha256: record.sha256, mediaType: record.mediaType.rawValue,
                        fileName: record.fileName, inline: shownInline(record))))
        },
        PortalRoute(.post, "/cases/{case}/evidence/{evidence}/review") { call in try review(call) },
        PortalRoute(.post, "/cases/{case}/evidence/{evidence}/reuse") { call in try reuse(call) },
    ]

    /// Reuses an earlier cycle's item in a renewal, through the API's reuse route, and goes back to the case; a
    /// refusal is shown on the case page.
    static func reuse(_ call: PortalCall) throws -> PortalResponse {
        let caseID = call.parameter("case")
        let evidenceID = call.parameter("evidence")
        do {
            _ = try call.api(
                .post, "/api/v1/cases/\(PortalLinks.escape(caseID))/evidence/\(PortalLinks.escape(evidenceID))/reuse",
                body: .object([:]), idempotencyKey: call.request.form.trimmed("request"))
        } catch {
            guard PortalForms.isCorrectable(error) else { throw error }
            return try CasePage.render(
                call, errors: [["field": "actions", "message": error.detail]], status: error.status)
        }
        let record = try record(call)
        return .seeOther(
            PortalLinks.casePage(caseID) + "?notice=reused#criterion-\(PortalLinks.escape(record.criterionID))")
    }

    /// The media types a browser shows without running anything: PDF (in its own viewer) and raster images.
    static let inlineTypes: Set<MediaType> = [.pdf, .png, .jpeg]

    /// Whether the file is shown in the page: a safe type whose content matched it when it was stored.
    static func shownInline(_ record: EvidenceRecord) -> Bool {
        inlineTypes.contains(record.mediaType) && !record.mediaMismatch
    }

    /// The record in the path, if the person may see it (the API's rule: another organisation's is not found).
    static func record(_ call: PortalCall) throws -> EvidenceRecord {
        try call.desk.evidence(
            call.parameter("evidence"), of: call.parameter("case"), for: try call.signedIn().actor.id)
    }

    /// Accepts or rejects the item, through the API's review route, and goes back to the case.
    static func review(_ call: PortalCall) throws -> PortalResponse {
        let caseID = call.parameter("case")
        let evidenceID = call.parameter("evidence")
        let form = call.request.form
        guard let decision = form["decision"], decision == "accept" || decision == "reject" else {
            return try render(
                call, errors: [["field": "decision-accept", "message": "Choose accept or reject"]], status: 400)
        }
        var body: [String: Value] = ["accept": .bool(decision == "accept")]
        if let reason = form.trimmed("reason") { body["reason"] = .string(reason) }
        if decision == "reject", body["reason"] == nil {
            return try render(
                call, errors: [["field": "reason", "message": "Say why the evidence is rejected"]], status: 400)
        }
        do {
            _ = try call.api(
                .post, "/api/v1/cases/\(PortalLinks.escape(caseID))/evidence/\(PortalLinks.escape(evidenceID))/review",
                body: .object(body), idempotencyKey: form.trimmed("request"))
        } catch {
            guard PortalForms.isCorrectable(error) else { throw error }
            return try render(
                call, errors: [["field": "decision-accept", "message": error.detail]], status: error.status)
        }
        let record = try record(call)
        return .seeOther(
            PortalLinks.casePage(caseID) + "?notice=reviewed#criterion-\(PortalLinks.escape(record.criterionID))")
    }

    /// The page, with the errors of a review sent from it.
    static func render(_ call: PortalCall, errors: [[String: Any]] = [], status: Int = 200) throws -> PortalResponse {
        let record = try record(call)
        let seen = try CaseInView(call)
        let (caseID, machine, actions) = (seen.caseID, seen.machine, seen.actions)
        let criterion = machine.framework.criterion(record.criterionID)
        let base = PortalLinks.casePage(caseID) + "/evidence/" + PortalLinks.escape(record.evidenceID)
        var context = CaseChecklist.item(record)
        context["caseLink"] = PortalLinks.casePage(caseID)
        context["case"] = caseID
        context["criterionText"] = criterion?.text ?? ""
        context["uploadedBy"] = record.uploadedBy
        context["uploadedAt"] = ReadableDates.moment(record.uploadedAt)
        context["mediaType"] = record.mediaType.rawValue
        context["mediaMismatch"] = record.mediaMismatch
        context["viewLink"] = base + "/view"
        context["reviewLink"] = base + "/review"
        context["download"] =
            "/api/v1/cases/\(PortalLinks.escape(caseID))/evidence/\(PortalLinks.escape(record.evidenceID))/content"
        context["pdf"] = shownInline(record) && record.mediaType == .pdf
        context["image"] = shownInline(record) && record.mediaType != .pdf
        // An item of an earlier cycle is reviewed only once reused in this one.
        context["mayReview"] =
            record.status == .submitted && record.cycle == seen.open.state.record.cycle
            && (actions.may(.accept) || actions.may(.reject))
        context["renewed"] = seen.open.state.record.cycle > 1
        context["request"] = PortalForms.requestID()
        context["errors"] = errors
        context["hasErrors"] = !errors.isEmpty
        context["reasonValue"] = call.request.form["reason"] ?? ""
        return call.page(
            "evidence", title: (errors.isEmpty ? "" : "Error: ") + "\(record.fileName) (\(record.evidenceID))",
            status: status, context)
    }
}

import CaseService
import EvidenceStore
import Statecharts

/// Complaints about organisations and the visits planned during an award that organisations are not told of.
enum ComplaintRoutes {
    /// The routes.
    static let all: [APIRoute] = [
        APIRoute(.get, "/api/v1/complaints", operationID: "listComplaints") { call in
            let complaints = try call.desk.complaints(
                as: try call.signedIn(), organisation: call.request.query["organisation"],
                status: call.request.query["status"])
            return .json(["complaints": .array(complaints.map(ComplaintViews.complaint))])
        },
        APIRoute(.post, "/api/v1/complaints", operationID: "recordComplaint") { call in
            let fields = try RequestFields(call.request.body)
            let sourceText = try fields.optionalString("source") ?? "public"
            guard let source = Complaint.Source(rawValue: sourceText) else {
                throw Problem.invalid(
                    "\"source\" must be one of \(Complaint.Source.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let intake = ComplaintIntake(
                organisation: try fields.string("organisation"), source: source,
                complainant: try fields.optionalString("complainant"), contact: try fields.optionalString("contact"),
                body: try fields.string("text"), receivedBy: nil)
            let complaint = try call.desk.receiveComplaint(intake, by: try call.signedIn())
            return .json(ComplaintViews.complaint(complaint), status: 201)
        },
        APIRoute(.get, "/api/v1/complaints/{complaint}", operationID: "getComplaint") { call in
            .json(
                ComplaintViews.complaint(
                    try call.desk.complaint(call.parameter("complaint"), as: try call.signedIn())))
        },
        APIRoute(.post, "/api/v1/complaints/{complaint}/triage", operationID: "triageComplaint") { call in
            let fields = try RequestFields(call.request.body)
            let complaint = try call.desk.triageComplaint(
                call.parameter("complaint"), decision: try fields.string("decision"),
                summary: try fields.string("summary"), by: try call.signedIn())
            return .json(ComplaintViews.complaint(complaint))
        },
        APIRoute(.post, "/api/v1/complaints/{complaint}/close", operationID: "closeComplaint") { call in
            let fields = try RequestFields(call.request.body)
            let complaint = try call.desk.closeComplaint(
                call.parameter("complaint"), outcome: try fields.string("outcome"),
                summary: try fields.string("summary"), by: try call.signedIn())
            return .json(ComplaintViews.complaint(complaint))
        },
        APIRoute(.post, "/api/v1/complaints/{complaint}/erase", operationID: "eraseComplaint") { call in
            let complaint = try call.desk.eraseComplaint(call.parameter("complaint"), by: try call.signedIn())
            return .json(ComplaintViews.complaint(complaint))
        },
        APIRoute(.get, "/api/v1/visits", operationID: "listVisits") { call in
            let plans = try call.desk.visitPlans(of: call.request.query["case"], as: try call.signedIn())
            return .json(["visits": .array(plans.map(ComplaintViews.visit))])
        },
        APIRoute(.post, "/api/v1/visits", operationID: "planVisit") { call in
            let fields = try RequestFields(call.request.body)
            let kindText = try fields.string("kind")
            guard let kind = VisitPlan.Kind(rawValue: kindText) else {
                throw Problem.invalid(
                    "\"kind\" must be one of \(VisitPlan.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let complaints = try strings(fields, "complaints", of: "complaint references, such as [\"CMP-1\"]")
            let visitors = try strings(fields, "visitors", of: "actor ids, such as [\"alice\"]")
            guard let notBefore = try DirectoryRoutes.day(fields, "notBefore"),
                let notAfter = try DirectoryRoutes.day(fields, "notAfter")
            else { throw Problem.invalid("\"notBefore\" and \"notAfter\" are dates, such as 2026-03-01") }
            let plan = try call.desk.planVisit(
                caseID: try fields.string("case"), kind: kind, notBefore: notBefore, notAfter: notAfter,
                complaints: complaints, visitors: visitors, note: try fields.optionalString("note"),
                by: try call.signedIn())
            return .json(ComplaintViews.visit(plan), status: 201)
        },
        APIRoute(.get, "/api/v1/visits/{visit}", operationID: "getVisit") { call in
            .json(ComplaintViews.visit(try call.desk.visitPlan(call.parameter("visit"), as: try call.signedIn())))
        },
        APIRoute(.post, "/api/v1/visits/{visit}/cancel", operationID: "cancelVisit") { call in
            let fields = try RequestFields(call.request.body)
            let plan = try call.desk.cancelVisit(
                call.parameter("visit"), reason: try fields.string("reason"), by: try call.signedIn())
            return .json(ComplaintViews.visit(plan))
        },
        APIRoute(.post, "/api/v1/visits/{visit}/hold", operationID: "holdVisit") { call in
            let fields = try RequestFields(call.request.body)
            let actor = try call.signedIn()
            let reference = call.parameter("visit")
            let outcome = try call.desk.holdVisit(
                reference, report: try fields.string("report"), by: actor,
                requestID: try CaseRoutes.requestID(call.request))
            let caseID = try call.desk.visitPlan(reference, as: actor).caseID
            return .json(CaseViews.receipt(caseID: caseID, outcome: outcome), status: outcome.repeated ? 200 : 201)
        },
    ]

    /// An optional member that is a list of strings (empty when left out).
    ///
    /// - Throws: ``Problem`` 422 naming what the list holds (`of`) for anything else.
    static func strings(_ fields: RequestFields, _ name: String, of what: String) throws -> [String] {
        switch fields.value(name) {
        case .null: return []
        case .array(let items) where items.allSatisfy({ $0.stringValue != nil }): return items.compactMap(\.stringValue)
        default: throw Problem.invalid("\"\(name)\" must be a list of \(what)")
        }
    }
}

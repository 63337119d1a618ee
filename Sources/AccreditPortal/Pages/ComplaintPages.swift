import AccreditAPI
import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// Complaints: the public form anyone may use (about an organisation on the register), and the register of
/// complaints for the secretariat and auditors, where the secretariat triages, closes and erases each, and plans the
/// visit a complaint warrants. Every rule is the desk's; a refusal is shown next to the form, in words.
enum ComplaintPages {
    /// The routes.
    static let routes: [PortalRoute] = [
        PortalRoute(.get, "/complaints/new", access: .anyone) { call in try newComplaint(call) },
        PortalRoute(.post, "/complaints/new", access: .anyone) { call in try receive(call) },
        PortalRoute(.get, "/complaints") { call in try register(call) },
        PortalRoute(.get, "/complaints/{complaint}") { call in try show(call) },
        PortalRoute(.post, "/complaints/{complaint}/triage") { call in
            let form = call.request.form
            return try act(
                call, "triage",
                [
                    "decision": .string(form.trimmed("decision") ?? ""),
                    "summary": .string(form.trimmed("summary") ?? ""),
                ],
                field: "triage-summary", notice: "triaged")
        },
        PortalRoute(.post, "/complaints/{complaint}/close") { call in
            let form = call.request.form
            return try act(
                call, "close",
                ["outcome": .string(form.trimmed("outcome") ?? ""), "summary": .string(form.trimmed("summary") ?? "")],
                field: "close-summary", notice: "closed")
        },
        PortalRoute(.post, "/complaints/{complaint}/erase") { call in
            try act(call, "erase", [:], field: "erase", notice: "erased")
        },
        PortalRoute(.post, "/complaints/{complaint}/visit") { call in try planVisit(call) },
    ]

    /// The organisations the public may complain about: those on the register with an award in force or suspended.
    static func organisations(_ call: PortalCall) throws -> [(id: String, name: String)] {
        var seen: Set<String> = []
        return try call.register.reading(desk: call.desk).awards.filter {
            $0.entry.status == .current || $0.entry.status == .suspended
        }
        .sorted { $0.organisation < $1.organisation }
        .compactMap { award in
            seen.insert(award.entry.organisationID).inserted ? (award.entry.organisationID, award.organisation) : nil
        }
    }

    /// The public form; `errors` from a refused one.
    static func newComplaint(_ call: PortalCall, errors: [[String: Any]] = [], status: Int = 200) throws
        -> PortalResponse
    {
        let form = call.request.form
        let chosen = form["organisation"] ?? call.request.query["organisation"]
        let source = form["source"] ?? "public"
        let sources = [
            ("public", "I am a patient, a relative or carer, or another member of the public"),
            ("staff", "I work for this organisation"), ("other", "Someone else (another body, a regulator)"),
        ]
        return call.page(
            "complaint-new", title: (errors.isEmpty ? "" : "Error: ") + "Complain about an accredited organisation",
            status: status,
            [
                "organisations": try organisations(call).map { organisation in
                    ["id": organisation.id, "name": organisation.name, "selected": organisation.id == chosen]
                        as [String: Any]
                },
                "sources": sources.map { value, label in
                    ["value": value, "label": label, "checked": value == source] as [String: Any]
                },
                "complainant": form["complainant"] ?? "", "contact": form["contact"] ?? "", "text": form["text"] ?? "",
                "errors": errors, "hasErrors": !errors.isEmpty,
            ])
    }

    /// Receives the public form: the complaint is recorded with nobody as its recorder, and the reference shown.
    static func receive(_ call: PortalCall) throws -> PortalResponse {
        let form = call.request.form
        var errors: [[String: Any]] = []
        let organisation = form.trimmed("organisation") ?? ""
        if try !organisations(call).contains(where: { $0.id == organisation }) {
            errors.append(["field": "complaint-organisation", "message": "Choose the organisation"])
        }
        let source = Complaint.Source(rawValue: form["source"] ?? "")
        if source == nil { errors.append(["field": "complaint-source-public", "message": "Say who you are"]) }
        if form.trimmed("text") == nil {
            errors.append(["field": "complaint-text", "message": "Say what your complaint is about"])
        }
        guard errors.isEmpty, let source else { return try newComplaint(call, errors: errors, status: 400) }
        let complaint: Complaint
        do {
            complaint = try call.desk.receiveComplaint(
                ComplaintIntake(
                    organisation: organisation, source: source, complainant: form.trimmed("complainant"),
                    contact: form.trimmed("contact"), body: form["text"] ?? "", receivedBy: nil),
                by: nil)
        } catch let refusal as CaseRefusal {
            let (field, message) =
                switch refusal.rule {
                case "complaint.complainant":
                    ("complaint-complainant", "Give your name on one line (at most 200 characters), or leave it out")
                case "complaint.contact":
                    ("complaint-contact", "Give one way to reach you (at most 320 characters), or leave it out")
                default: ("complaint-text", "Say what your complaint is about, in at most 10,000 characters")
                }
            return try newComplaint(call, errors: [["field": field, "message": message]], status: 422)
        }
        let name = try organisations(call).first { $0.id == organisation }?.name ?? organisation
        return call.page(
            "complaint-received", title: "Complaint received",
            ["reference": complaint.reference, "organisation": name, "anonymous": complaint.contact == nil])
    }

    /// The register of complaints, newest first, optionally of one status.
    static func register(_ call: PortalCall) throws -> PortalResponse {
        let viewer = try call.signedIn()
        let status = call.request.query["status"].flatMap { Complaint.statuses.contains($0) ? $0 : nil }
        let complaints = try call.desk.complaints(as: viewer.actor.id, status: status)
        let names = try organisationNames(call, viewer)
        let filters = [("received", "To triage"), ("triaged", "Triaged"), ("closed", "Closed")].map { value, label in
            ["value": value, "label": label, "current": value == status] as [String: Any]
        }
        return call.page(
            "complaints", title: "Complaints",
            [
                "complaints": complaints.map { complaint in
                    [
                        "reference": complaint.reference,
                        "link": "/complaints/" + PortalLinks.escape(complaint.reference),
                        "organisation": names[complaint.organisation] ?? complaint.organisation,
                        "source": PortalLinks.words(complaint.source.rawValue),
                        "received": ReadableDates.day(complaint.receivedAt),
                        "status": PortalLinks.words(complaint.status),
                        "triage": present(complaint.triage.map { PortalLinks.words($0.decision) }),
                    ] as [String: Any]
                },
                "hasComplaints": !complaints.isEmpty, "filters": filters, "all": status == nil,
            ])
    }

    /// One complaint, with the forms its next step needs; `errors` from a refused one.
    static func show(_ call: PortalCall, errors: [[String: Any]] = [], status: Int = 200) throws -> PortalResponse {
        let viewer = try call.signedIn()
        let reference = call.parameter("complaint")
        let complaint = try call.desk.complaint(reference, as: viewer.actor.id)
        let handles = viewer.kinds.contains(.administrator)
        let form = call.request.form
        func step(_ step: ComplaintStep?) -> Any {
            present(
                step.map {
                    [
                        "decision": PortalLinks.words($0.decision), "summary": $0.summary, "by": $0.actor,
                        "at": ReadableDates.moment($0.at),
                    ] as [String: Any]
                })
        }
        let plans = try call.desk.visitPlans(as: viewer.actor.id).filter { $0.complaints.contains(reference) }
        var context: [String: Any] = [
            "reference": reference,
            "organisation": try organisationNames(call, viewer)[complaint.organisation] ?? complaint.organisation,
            "source": PortalLinks.words(complaint.source.rawValue),
            "received": ReadableDates.moment(complaint.receivedAt),
            "receivedBy": present(complaint.receivedBy), "complainant": present(complaint.complainant),
            "contact": present(complaint.contact), "text": present(complaint.body),
            "erased": step(
                complaint.erased.map { ComplaintStep(decision: "", summary: "", actor: $0.actor, at: $0.at) }),
            "triage": step(complaint.triage), "closure": step(complaint.closure),
            "status": PortalLinks.words(complaint.status),
            "visits": plans.map { plan in
                [
                    "reference": plan.reference, "case": plan.caseID, "caseLink": PortalLinks.casePage(plan.caseID),
                    "status": PortalLinks.words(plan.status), "from": ReadableDates.day(plan.notBefore),
                    "to": ReadableDates.day(plan.notAfter),
                ] as [String: Any]
            },
            "hasVisits": !plans.isEmpty, "errors": errors, "hasErrors": !errors.isEmpty,
            "mayTriage": handles && complaint.triage == nil,
            "mayClose": handles && complaint.triage != nil && complaint.closure == nil,
            "mayErase": handles && complaint.triage != nil && complaint.erased == nil,
            "summary": form["summary"] ?? "",
            "decisions": [
                ("no-action", "No action: outside the standards, or nothing to look into"),
                ("monitor", "Monitor: look at it in the next surveillance"),
                ("for-cause-visit", "A visit for cause: plan an unannounced visit"),
            ].map { value, label in
                ["value": value, "label": label, "checked": form["decision"] == value] as [String: Any]
            },
            "outcomes": Complaint.outcomes.map { value in
                ["value": value, "label": PortalLinks.words(value), "checked": form["outcome"] == value]
                    as [String: Any]
            },
        ]
        let pending = plans.contains { $0.status != "cancelled" }
        if handles, complaint.triage?.decision == "for-cause-visit", complaint.closure == nil, !pending {
            let cases = try call.desk.cases(as: viewer.actor.id, organisation: complaint.organisation)
            let visitable = try cases.filter { summary in
                let open = try call.desk.load(summary.caseID)
                let machine = open.definitions.machine
                return machine.events(for: .holdVisit).contains { machine.isOffered($0, in: open.state) }
            }
            context["mayPlan"] = true
            if let first = visitable.first {
                let open = try call.desk.load(first.caseID)
                context["visitorCandidates"] = try VisitsPage.candidates(
                    call, open.definitions.machine, viewer: viewer.actor.id, chosen: Set(form.all("visitor")),
                    team: Set(open.state.record.team.keys))
            }
            context["cases"] = visitable.map {
                ["id": $0.caseID, "selected": form["case"] == $0.caseID] as [String: Any]
            }
            context["hasCases"] = !visitable.isEmpty
            context["from"] = form["from"] ?? ""
            context["to"] = form["to"] ?? ""
            context["note"] = form["note"] ?? ""
        }
        return call.page(
            "complaint", title: (errors.isEmpty ? "" : "Error: ") + "Complaint \(reference)", status: status, context)
    }

    /// Sends a triage, closure or erasure through the API, then shows the complaint again.
    private static func act(
        _ call: PortalCall, _ step: String, _ body: [String: Value], field: String, notice: String
    ) throws -> PortalResponse {
        let reference = call.parameter("complaint")
        do {
            _ = try call.api(.post, "/api/v1/complaints/\(PortalLinks.escape(reference))/\(step)", body: .object(body))
        } catch {
            guard PortalForms.isCorrectable(error) else { throw error }
            return try show(call, errors: [["field": field, "message": message(error)]], status: error.status)
        }
        return .seeOther("/complaints/\(PortalLinks.escape(reference))?notice=\(notice)")
    }

    /// Plans the for-cause visit a triaged complaint warrants.
    private static func planVisit(_ call: PortalCall) throws -> PortalResponse {
        let form = call.request.form
        let reference = call.parameter("complaint")
        var body: [String: Value] = [
            "case": .string(form.trimmed("case") ?? ""), "kind": "for-cause",
            "notBefore": .string(form.trimmed("from") ?? ""), "notAfter": .string(form.trimmed("to") ?? ""),
            "complaints": [.string(reference)],
        ]
        if let note = form.trimmed("note") { body["note"] = .string(note) }
        body["visitors"] = .array(form.all("visitor").filter { !$0.isEmpty }.map(Value.string))
        do {
            _ = try call.api(.post, "/api/v1/visits", body: .object(body))
        } catch {
            guard PortalForms.isCorrectable(error) else { throw error }
            let field = isAboutVisitors(error) ? "visit-visitors" : "visit-from"
            return try show(call, errors: [["field": field, "message": message(error)]], status: error.status)
        }
        return .seeOther("/complaints/\(PortalLinks.escape(reference))?notice=planned")
    }

    /// The registered organisations' names, by id.
    private static func organisationNames(_ call: PortalCall, _ viewer: Viewer) throws -> [String: String] {
        Dictionary(
            try call.desk.organisations(as: viewer.actor.id).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    /// Whether a refused plan is refused for one of its visitors (an assignment rule, or the list itself).
    static func isAboutVisitors(_ problem: Problem) -> Bool {
        problem.rule.map { $0.hasPrefix("team.") || $0 == "visit.visitors" } == true
    }

    /// What to do about a refusal, in words; other rules keep the API's detail.
    static func message(_ problem: Problem) -> String {
        switch problem.rule {
        case "complaint.summary"?:
            return "Write a summary of 1 to 2,000 characters: what it is about, never who made it"
        case "complaint.decision"?: return "Choose the triage decision"
        case "complaint.outcome"?: return "Choose the outcome"
        case "visit.window"?: return "Give the window's first and last days; the last must be today or later"
        default: return problem.detail.isEmpty ? problem.title : problem.detail
        }
    }
}

import AccreditAPI
import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// A case's findings on its page: raising one (assessors), answering one with the corrective action taken (the
/// organisation), and verifying an answer by closing or reopening the finding (assessors). Every form sends the
/// workflow's event for the action through the API, so the rules are the API's.
enum FindingsPage {
    /// The routes; each form is on the case page, which shows a refusal next to it.
    static let routes: [PortalRoute] = [
        PortalRoute(.post, "/cases/{case}/findings") { call in
            let form = call.request.form
            var data: [String: Value] = [
                "criterion": .string(form.trimmed("criterion") ?? ""),
                "severity": .string(form.trimmed("severity") ?? ""),
                "statement": .string(form.trimmed("statement") ?? ""),
            ]
            if let within = form.trimmed("within") { data["respondWithin"] = .string(within) }
            if let evidence = evidence(form["evidence"]) { data["evidence"] = evidence }
            return try send(call, .raiseFinding, data, field: "finding-statement")
        },
        PortalRoute(.post, "/cases/{case}/findings/{finding}/response") { call in
            let id = call.parameter("finding")
            var data: [String: Value] = [
                "finding": .string(id), "response": .string(call.request.form.trimmed("response") ?? ""),
            ]
            if let evidence = evidence(call.request.form["evidence"]) { data["evidence"] = evidence }
            return try send(call, .respondFinding, data, field: "response-\(id)")
        },
        PortalRoute(.post, "/cases/{case}/findings/{finding}/closure") { call in
            let id = call.parameter("finding")
            var data: [String: Value] = ["finding": .string(id)]
            if let note = call.request.form.trimmed("note") { data["note"] = .string(note) }
            return try send(call, .closeFinding, data, field: "note-\(id)")
        },
        PortalRoute(.post, "/cases/{case}/findings/{finding}/reopening") { call in
            let id = call.parameter("finding")
            var data: [String: Value] = [
                "finding": .string(id), "reason": .string(call.request.form.trimmed("reason") ?? ""),
            ]
            if let within = call.request.form.trimmed("within") { data["respondWithin"] = .string(within) }
            return try send(call, .reopenFinding, data, field: "reason-\(id)")
        },
    ]

    /// Evidence ids typed as `E-3, E-7` (commas or spaces), or nil when none are given.
    static func evidence(_ text: String?) -> Value? {
        let ids = (text ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" || $0 == "\r" })
            .map(String.init)
        return ids.isEmpty ? nil : .array(ids.map(Value.string))
    }

    /// Sends the workflow's event for `action`; a refusal the person can correct is shown on the case page, linked
    /// to `field`.
    private static func send(_ call: PortalCall, _ action: TransitionAction, _ data: [String: Value], field: String)
        throws -> PortalResponse
    {
        try CasePage.send(call, action, data, field: field, section: "findings") { message($0, action, call) }
    }

    /// What to do about a refusal, in the form's words; a refusal without a finding rule keeps the API's detail.
    private static func message(_ problem: Problem, _ action: TransitionAction, _ call: PortalCall) -> String {
        switch problem.rule {
        case "finding.respond-within"?:
            // When raising, the form names the severity, whose longest time can be given.
            let longest = call.request.form["severity"].flatMap { severity in
                (try? CaseInView(call))?.machine.framework.findingSeverity(severity)?.respondWithin
            }
            guard let typed = call.request.form.trimmed("within"), let delay = Delay(parsing: typed) else {
                return "Write the time to respond as an ISO 8601 duration of at least a day, such as P30D (30 days)"
            }
            if delay.after(.epoch) < Delay(days: 1).after(.epoch) {
                return "Give at least a day to respond, such as P1D"
            }
            return "Give less time to respond, as a duration such as P30D (30 days)"
                + (longest.map { ": at most \(words($0)) for this severity" } ?? "")
        case "finding.text"?:
            switch action {
            case .raiseFinding: return "Say what you found"
            case .respondFinding: return "Describe the corrective action you took"
            case .reopenFinding: return "Say why the answer is not enough"
            default: return "Shorten the text to 4,000 characters; put long material in an evidence file"
            }
        case "finding.evidence"?:
            return "Name evidence of this case by its id, such as E-3, separated by commas (at most 50)"
        default:
            return problem.detail
        }
    }

    /// The case page's findings section: each finding with what the person may do to it, and the raising form's
    /// choices when they may raise one; a refused form (`form`, for the finding in `refused`) keeps what was typed.
    static func context(_ seen: CaseInView, form: FormFields, refused: String?) -> [String: Any] {
        let framework = seen.machine.framework
        let (mayRespond, mayClose, mayReopen) = (
            seen.actions.may(.respondFinding), seen.actions.may(.closeFinding), seen.actions.may(.reopenFinding)
        )
        let findings = seen.open.state.record.findingsInOrder
            .map { finding -> [String: Any] in
                var item: [String: Any] = [
                    "id": finding.id, "criterion": finding.criterion, "statement": finding.statement,
                    "severity": framework.findingSeverity(finding.severity)?.label ?? finding.severity,
                    "status": statusLabel(finding.status), "outstanding": finding.status.isOutstanding,
                    "evidence": finding.evidence.map { ["id": $0] }, "hasEvidence": !finding.evidence.isEmpty,
                    "response": present(finding.response),
                    "responseEvidence": finding.responseEvidence.map { ["id": $0] },
                    "hasResponseEvidence": !finding.responseEvidence.isEmpty,
                    "respond": mayRespond && finding.status == .open,
                    "verify": (mayClose || mayReopen) && finding.status == .responded,
                    "mayClose": mayClose, "mayReopen": mayReopen, "responses": "\(finding.responses)",
                ]
                if refused == finding.id {
                    item["typedResponse"] = form["response"] ?? ""
                    item["typedReason"] = form["reason"] ?? ""
                    item["typedNote"] = form["note"] ?? ""
                    item["typedEvidence"] = form["evidence"] ?? ""
                    item["typedWithin"] = form["within"] ?? ""
                }
                if let due = finding.due {
                    item["due"] = ReadableDates.moment(due)
                    item["relative"] = ReadableDates.relative(from: seen.now, to: due)
                    item["late"] = finding.isOverdue(at: seen.now)
                }
                return item
            }
        let mayRaise = seen.actions.may(.raiseFinding)
        let raising = refused == nil ? form : FormFields()
        return [
            "findings": findings, "hasFindings": !findings.isEmpty || mayRaise, "mayRaise": mayRaise,
            "severityOptions": framework.findingSeverities.map { severity in
                [
                    "id": severity.id, "label": severity.label, "selected": raising["severity"] == severity.id,
                    "window": severity.respondWithin.map { "respond within " + words($0) } ?? "no action asked for",
                ] as [String: Any]
            },
            "findingCriteria": framework.criteria.map {
                ["id": $0.id, "summary": CasePage.summary($0.text), "selected": raising["criterion"] == $0.id]
                    as [String: Any]
            },
            "raising": [
                "statement": raising["statement"] ?? "", "evidence": raising["evidence"] ?? "",
                "within": raising["within"] ?? "",
            ],
        ]
    }

    /// A delay in words: "3 days", "6 months", "1 year and 2 months"; a time part is given as the ISO duration.
    static func words(_ delay: Delay) -> String {
        guard delay.microseconds == 0 else { return delay.iso8601 }
        let parts = [(delay.years, "year"), (delay.months, "month"), (delay.days, "day")].filter { $0.0 != 0 }.map {
            "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")"
        }
        return parts.isEmpty ? delay.iso8601 : parts.joined(separator: " and ")
    }

    private static func statusLabel(_ status: CaseFinding.Status) -> String {
        switch status {
        case .open: "Awaiting corrective action"
        case .responded: "Answered, awaiting verification"
        case .closed: "Closed"
        case .noted: "Noted (no action asked for)"
        }
    }
}

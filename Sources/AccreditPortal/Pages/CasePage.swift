import AccreditAPI
import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// A case's page: where it is, the criteria checklist with evidence and coverage, deadlines, and what the person may
/// do now; and the form that sends an event.
enum CasePage {
    /// The routes.
    static let routes: [PortalRoute] = [
        PortalRoute(.get, "/cases/{case}") { call in try render(call) },
        PortalRoute(.post, "/cases/{case}/events") { call in try send(call) },
    ]

    /// Sends the event the person chose, with the note they wrote (sent from ``EventNotePage``), then shows the
    /// case again; a refusal they can act on is shown on the page the form came from.
    static func send(_ call: PortalCall) throws -> PortalResponse {
        let caseID = call.parameter("case")
        let form = call.request.form
        let fromNote = form["from"] == "note"
        let refuse = { (message: String, status: Int) throws -> PortalResponse in
            if fromNote, let event = form.trimmed("event") {
                var routed = call
                routed.parameters["event"] = event
                // Back to the note's form with the note kept, unless the event is no longer open (the case moved
                // on): then the case page says why.
                if let page = try? EventNotePage.render(
                    routed, errors: [["field": "note", "message": message]], status: status)
                {
                    return page
                }
            }
            return try render(call, errors: [["field": "actions", "message": message]], status: status)
        }
        guard let event = form.trimmed("event") else { return try refuse("Choose what to do", 400) }
        var body: [String: Value] = ["event": .string(event)]
        if let note = form.trimmed("note") {
            let length = note.unicodeScalars.count
            guard length <= CaseDesk.maximumNoteLength else {
                return try refuse(
                    "Shorten the note to \(CaseDesk.maximumNoteLength) characters (it has \(length)); put long "
                        + "material in an evidence file", 400)
            }
            var data: [String: Value] = ["note": .string(note)]
            if form["noteFor"] == CaseDesk.noteForEveryone { data["noteFor"] = .string(CaseDesk.noteForEveryone) }
            body["data"] = .object(data)
        }
        do {
            _ = try call.api(
                .post, "/api/v1/cases/\(PortalLinks.escape(caseID))/events", body: .object(body),
                idempotencyKey: form.trimmed("request"))
        } catch {
            guard PortalForms.isCorrectable(error) else { throw error }
            return try refuse(error.detail, error.status)
        }
        return .seeOther(PortalLinks.casePage(caseID) + "?notice=sent")
    }

    /// Sends the workflow's event for `action` with `data` through the API, then shows the case page at `section`; a
    /// refusal the person can correct is shown on the case page next to `field`, in the words `message` gives.
    static func send(
        _ call: PortalCall, _ action: TransitionAction, _ data: [String: Value], field: String, section: String,
        message: (Problem) -> String
    ) throws -> PortalResponse {
        let caseID = call.parameter("case")
        do {
            _ = try call.api(
                .post, "/api/v1/cases/\(PortalLinks.escape(caseID))/events",
                body: ["action": .string(action.rawValue), "data": .object(data)],
                idempotencyKey: call.request.form.trimmed("request"))
        } catch {
            guard PortalForms.isCorrectable(error) else { throw error }
            return try render(call, errors: [["field": field, "message": message(error)]], status: error.status)
        }
        return .seeOther(PortalLinks.casePage(caseID) + "?notice=sent#" + section)
    }

    /// The notes sent with the case's events that the person may read (``CaseDesk/notes(of:for:)``: an
    /// organisation reads its own and the staff's marked for it), each marked for staff with who reads it.
    static func messages(_ call: PortalCall, seen: CaseInView) throws -> [[String: Any]] {
        try call.desk.notes(of: seen.caseID, for: seen.viewer.actor.id).map { note in
            [
                "event": PortalLinks.words(note.event), "actor": note.actor,
                "time": ReadableDates.moment(note.occurredAt), "text": note.text,
                "staffOnly": !seen.viewer.actsForOrganisation && !note.forOrganisation,
                "shared": !seen.viewer.actsForOrganisation && note.forOrganisation,
            ]
        }
    }

    /// A renewal's summary for the page (`{cycle, since, awardRuns, expires}`), or false in a first cycle.
    static func renewal(_ open: OpenCase, machine: CaseMachine) -> Any {
        let record = open.state.record
        // Only while the renewal is under way (not once decided, nor after it was withdrawn).
        guard record.renewedAward != nil, !open.state.snapshot.isHalted else { return false }
        let expiry = machine.awardExpiry(of: open.state)
        return [
            "cycle": record.cycle, "since": record.cycleStartedAt.map(ReadableDates.moment) ?? "",
            "awardRuns": machine.isRenewing(open.state), "expires": expiry.map(ReadableDates.moment) ?? "",
        ] as [String: Any]
    }

    /// The first words of a criterion's text, for a list of choices.
    static func summary(_ text: String) -> String {
        let words = text.split(separator: " ")
        return words.count <= 10 ? text : words.prefix(10).joined(separator: " ") + "…"
    }

    /// The upload form's choices: `{value, label}` for each expected evidence item of each criterion (value
    /// `SL-1.1/2`) where the framework covers evidence by item and the criterion expects more than one, else for the
    /// criterion (value `SL-1.1`).
    static func uploadOptions(_ framework: Framework) -> [[String: String]] {
        framework.criteria.flatMap { criterion -> [[String: String]] in
            let slots = criterion.evidenceSlots
            guard framework.evidenceCoverage == .item, slots.count > 1 else {
                return [["value": criterion.id, "label": "\(criterion.id): \(summary(criterion.text))"]]
            }
            return slots.map { slot in
                [
                    "value": "\(criterion.id)/\(slot.item ?? 1)",
                    "label": "\(criterion.id), item \(slot.item ?? 1) of \(slots.count): \(summary(slot.description))",
                ]
            }
        }
    }

    /// The page, with `errors` from a form sent from it.
    static func render(_ call: PortalCall, errors: [[String: Any]] = [], status: Int = 200) throws -> PortalResponse {
        let seen = try CaseInView(call)
        let (viewer, caseID, open, now, actions, machine) = (
            seen.viewer, seen.caseID, seen.open, seen.now, seen.actions, seen.machine
        )
        let evidence = try call.desk.evidence(of: caseID, for: viewer.actor.id)
        let assessment = try? open.assessment()
        let messages = try Self.messages(call, seen: seen)
        let timeline = CaseTimeline(document: machine.document, configuration: open.state.snapshot.configuration)
        let checklist = CaseChecklist(
            framework: machine.framework, evidence: evidence, assessment: assessment,
            ratings: open.state.record.ratings, mayUpload: actions.may(.upload), cycle: open.state.record.cycle,
            mayReuse: actions.may(.reuseEvidence), caseLink: PortalLinks.casePage(caseID))
        let (selfDone, selfTotal) = open.state.record.selfAssessmentProgress(in: machine.framework)
        var context: [String: Any] = [
            "case": caseID, "caseLink": PortalLinks.casePage(caseID), "organisation": open.head.organisationID,
            "workflow": "\(open.head.workflow.name)@\(open.head.workflow.version)",
            "framework": machine.framework.title, "status": PortalLinks.status(open.state.status),
            "here": timeline.path.map(PortalLinks.words).joined(separator: " › "), "timeline": timeline.context,
            "foundations": checklist.context, "buttons": actions.buttons, "blocked": actions.blocked,
            "hasActions": !actions.buttons.isEmpty || !actions.blocked.isEmpty || actions.may(.upload)
                || actions.may(.selfAssess)
                || actions.may(.rate) || actions.may(.accept) || actions.may(.reject) || !actions.decisions.isEmpty,
            "mayReview": actions.may(.accept) || actions.may(.reject), "mayDecide": !actions.decisions.isEmpty,
            "hasBlocked": !actions.blocked.isEmpty, "hasDeadlines": !open.state.snapshot.pendingTimers.isEmpty,
            "mayUpload": actions.may(.upload), "mayRate": actions.may(.rate), "request": PortalForms.requestID(),
            "deadlines": open.state.snapshot.pendingTimers.sorted { $0.due < $1.due }.map { timer in
                [
                    "event": PortalLinks.words(timer.event.name), "due": ReadableDates.moment(timer.due),
                    "relative": ReadableDates.relative(from: now, to: timer.due), "overdue": timer.due < now,
                ] as [String: Any]
            },
            "errors": errors, "hasErrors": !errors.isEmpty, "messages": messages,
            "hasMessages": !messages.isEmpty,
            "criteriaOptions": Self.uploadOptions(machine.framework),
            "maySelfAssess": actions.may(.selfAssess), "selfDone": selfDone, "selfTotal": selfTotal,
            "readSelfAssessment": !actions.may(.selfAssess) && !open.state.record.selfAssessments.isEmpty,
            "renewal": Self.renewal(open, machine: machine),
        ]
        // A refused findings form (its path names the finding) keeps what was typed; other forms keep nothing here.
        let findingsForm = call.request.path.contains("/findings") ? call.request.form : FormFields()
        context.merge(FindingsPage.context(seen, form: findingsForm, refused: call.parameters["finding"])) { _, new in
            new
        }
        let teamForm = call.request.path.contains("/team") ? call.request.form : FormFields()
        context.merge(try TeamPage.context(call, seen, form: teamForm)) { _, new in new }
        let appealForm = call.request.path.contains("/appeals") ? call.request.form : FormFields()
        context.merge(try AppealPage.context(call, seen, form: appealForm)) { _, new in new }
        let scopeForm = call.request.path.contains("/scope") ? call.request.form : FormFields()
        context.merge(try ScopePage.context(call, seen, form: scopeForm)) { _, new in new }
        let visitForm = call.request.path.contains("/visits") ? call.request.form : FormFields()
        context.merge(try VisitsPage.context(call, seen, form: visitForm)) { _, new in new }
        if !viewer.actsForOrganisation {
            context["tabs"] = AuditPages.tabs(caseID, current: "Case")
            context["hasTabs"] = true
        }
        if let assessment, !viewer.actsForOrganisation {
            context["outcome"] = [
                "outcome": PortalLinks.words(assessment.decision.outcome.rawValue), "rule": assessment.decision.ruleID,
                "explanation": assessment.decision.explanation,
            ]
        }
        return call.page(
            "case", title: errors.isEmpty ? "Case \(caseID)" : "Error: case \(caseID)", status: status, context)
    }
}

import AccreditAPI
import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// Sending an event with a note: the findings of a visit, a corrective action taken, the grounds of an appeal, why
/// something goes back. The note travels in the event's data (`note`), so it is part of the signed record, and the
/// case page lists every note under "Messages".
enum EventNotePage {
    /// The routes (the form is sent to the case page's `/events`, which takes the note).
    static let routes: [PortalRoute] = [
        PortalRoute(.get, "/cases/{case}/send/{event}") { call in try render(call) }
    ]

    /// The form for one event the person may send now; an event they may not send is not found here.
    static func render(_ call: PortalCall, errors: [[String: Any]] = [], status: Int = 200) throws -> PortalResponse {
        let seen = try CaseInView(call)
        let event = call.parameter("event")
        guard seen.actions.buttons.contains(where: { $0["event"] as? String == event }) else {
            throw Problem(
                status: 404, code: "portal.event-not-open", title: "Not possible now",
                detail: "\(event) is not something you can send on case \(seen.caseID) now: go back to the case to "
                    + "see what you can do",
                extensions: ["case": .string(seen.caseID)])
        }
        return call.page(
            "event-note", title: (errors.isEmpty ? "" : "Error: ") + PortalLinks.words(event),
            status: status,
            [
                "case": seen.caseID, "caseLink": PortalLinks.casePage(seen.caseID),
                "organisation": seen.open.head.organisationID, "event": event,
                "label": PortalLinks.words(event), "note": call.request.form["note"] ?? "",
                "request": call.request.form["request"] ?? PortalForms.requestID(),
                "maximum": CaseDesk.maximumNoteLength, "errors": errors, "hasErrors": !errors.isEmpty,
                "staff": !seen.viewer.actsForOrganisation,
                "forOrganisation": call.request.form["noteFor"] == CaseDesk.noteForEveryone,
            ])
    }
}

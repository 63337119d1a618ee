import AccreditAPI
import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// The home page: for someone signed in, their cases (an organisation's own; for staff, every case) with the state,
/// the next deadline and what they can do now; for anyone else, where to sign in or check an award.
enum HomePage {
    /// The routes.
    static let routes: [PortalRoute] = [
        PortalRoute(.get, "/", access: .anyone) { call in
            guard let viewer = call.viewer else { return call.page("home", title: "Accredit", ["public": true]) }
            let now = try call.desk.now()
            let cases = try call.desk.cases(as: viewer.actor.id)
            let rows = try cases.map { summary -> [String: Any] in
                var row: [String: Any] = [
                    "case": summary.caseID, "link": PortalLinks.casePage(summary.caseID),
                    "organisation": summary.organisation, "status": PortalLinks.status(summary.status),
                ]
                if let next = summary.deadlines.first {
                    row["deadline"] = ReadableDates.day(next.due)
                    row["relative"] = ReadableDates.relative(from: now, to: next.due)
                    row["overdue"] = next.due < now
                }
                // A case the person stopped being able to read since the list was made (taken off its team) shows
                // nothing to do rather than failing the page.
                let todo = ((try? call.desk.nextEvents(summary.caseID, as: viewer.actor.id)) ?? []).filter(\.enabled)
                if !todo.isEmpty { row["todo"] = todo.map { PortalLinks.words($0.name) }.joined(separator: ", ") }
                return row
            }
            return call.page(
                "home", title: viewer.actsForOrganisation ? "Your cases" : "Cases",
                ["cases": rows, "hasCases": !rows.isEmpty, "organisationView": viewer.actsForOrganisation])
        }
    ]
}

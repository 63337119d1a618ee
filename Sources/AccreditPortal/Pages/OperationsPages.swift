import AccreditAPI
import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// The secretariat's running of the scheme: deadlines overdue and due soon across every case they may see (with
/// delivering the due ones), and the report (cases by state, overdue deadlines, awards expiring, workload).
enum OperationsPages {
    /// The routes.
    static let routes: [PortalRoute] = [
        PortalRoute(.get, "/deadlines") { call in try deadlines(call) },
        PortalRoute(.post, "/deadlines/deliver") { call in try deliver(call) },
        PortalRoute(.get, "/report", replica: true) { call in try report(call) },
    ]

    /// The most days ahead a page looks.
    static let maximumDays = 3_650

    /// A whole number of days from the query (`?within=`), or the default; nil when it is not one.
    static func days(_ call: PortalCall, _ name: String, default fallback: Int) -> Int? {
        guard let text = call.request.query[name], !text.isEmpty else { return fallback }
        guard let days = Int(text), (0...maximumDays).contains(days) else { return nil }
        return days
    }

    /// Deadlines past due, then those due within the window (30 days unless `?within=` says otherwise).
    static func deadlines(
        _ call: PortalCall, delivered: [[String: Any]]? = nil, status: Int = 200
    ) throws -> PortalResponse {
        let viewer = try call.signedIn()
        guard let within = days(call, "within", default: 30) else {
            throw Problem.invalid("?within= must be a whole number of days from 0 to \(maximumDays)")
        }
        let now = try call.desk.now()
        let horizon = now.adding(microseconds: Int64(within) * 86_400_000_000)
        var overdue: [[String: Any]] = []
        var soon: [[String: Any]] = []
        let cases = try call.desk.cases(as: viewer.actor.id)
        let rows = cases.flatMap { summary in summary.deadlines.map { (summary, $0) } }.sorted {
            ($0.1.due, $0.0.caseID) < ($1.1.due, $1.0.caseID)
        }
        for (summary, deadline) in rows where deadline.due <= horizon {
            let row: [String: Any] = [
                "case": summary.caseID, "link": PortalLinks.casePage(summary.caseID),
                "organisation": summary.organisation, "status": PortalLinks.status(summary.status),
                "event": PortalLinks.words(deadline.event), "due": ReadableDates.moment(deadline.due),
                "relative": ReadableDates.relative(from: now, to: deadline.due),
            ]
            if deadline.due <= now { overdue.append(row) } else { soon.append(row) }
        }
        var context: [String: Any] = [
            "overdue": overdue, "hasOverdue": !overdue.isEmpty, "soon": soon, "hasSoon": !soon.isEmpty,
            "within": within, "mayDeliver": viewer.kinds.contains(.administrator) && !overdue.isEmpty,
        ]
        if let delivered { context["delivered"] = ["events": delivered, "none": delivered.isEmpty] }
        return call.page("deadlines", title: "Deadlines", status: status, context)
    }

    /// Delivers every due deadline through the API, then shows what was delivered.
    static func deliver(_ call: PortalCall) throws -> PortalResponse {
        let answer = try call.api(.post, "/api/v1/timers/fire", body: .object([:])).json.objectValue ?? [:]
        let delivered = (answer["delivered"]?.arrayValue ?? []).compactMap(\.objectValue).map { entry in
            let caseID = entry["case"]?.stringValue ?? ""
            return [
                "case": caseID, "link": PortalLinks.casePage(caseID),
                "event": PortalLinks.words(entry["event"]?.stringValue ?? ""),
            ] as [String: Any]
        }
        return try deadlines(call, delivered: delivered)
    }

    /// The report across cases, with awards expiring within `?expiring=` days (90 unless said).
    static func report(_ call: PortalCall) throws -> PortalResponse {
        guard let expiring = days(call, "expiring", default: 90) else {
            throw Problem.invalid("?expiring= must be a whole number of days from 0 to \(maximumDays)")
        }
        let document = try call.api(.get, "/api/v1/reports/cases", query: ["expiringWithin": String(expiring)]).json
        let report = document.objectValue ?? [:]
        let now = try call.desk.now()
        let byState = (report["casesByState"]?.objectValue ?? [:]).sorted { $0.key < $1.key }.map { state, count in
            ["state": PortalLinks.status(state), "count": count.integerValue ?? 0] as [String: Any]
        }
        let overdue = (report["overdue"]?.arrayValue ?? []).compactMap(\.objectValue).map { entry in
            let caseID = entry["case"]?.stringValue ?? ""
            let due = entry["due"]?.stringValue.flatMap { Instant(iso8601: $0) }
            return [
                "case": caseID, "link": PortalLinks.casePage(caseID),
                "event": PortalLinks.words(entry["event"]?.stringValue ?? ""),
                "due": due.map(ReadableDates.moment) ?? "",
                "relative": due.map { ReadableDates.relative(from: now, to: $0) } ?? "",
            ] as [String: Any]
        }
        let expiries = (report["expiring"]?.arrayValue ?? []).compactMap(\.objectValue).map { entry in
            let caseID = entry["case"]?.stringValue ?? ""
            let expires = entry["expires"]?.stringValue.flatMap { Instant(iso8601: $0) }
            return [
                "case": caseID, "link": PortalLinks.casePage(caseID),
                "organisation": entry["organisation"]?.stringValue ?? "",
                "expires": expires.map(ReadableDates.day) ?? "",
                "relative": expires.map { ReadableDates.relative(from: now, to: $0) } ?? "",
            ] as [String: Any]
        }
        let lateAppeals = (report["lateAppeals"]?.arrayValue ?? []).compactMap(\.objectValue).map { entry in
            let caseID = entry["case"]?.stringValue ?? ""
            let due = entry["due"]?.stringValue.flatMap { Instant(iso8601: $0) }
            return [
                "case": caseID, "link": PortalLinks.casePage(caseID) + "#appeals",
                "appeal": entry["appeal"]?.stringValue ?? "",
                "against": PortalLinks.words(entry["against"]?.stringValue ?? "").lowercased(),
                "due": due.map(ReadableDates.moment) ?? "",
                "relative": due.map { ReadableDates.relative(from: now, to: $0) } ?? "",
            ] as [String: Any]
        }
        let workload = (report["workload"]?.objectValue ?? [:]).sorted { $0.key < $1.key }.map { actor, count in
            ["actor": actor, "count": count.integerValue ?? 0] as [String: Any]
        }
        return call.page(
            "report", title: "Report",
            [
                "byState": byState, "hasCases": !byState.isEmpty,
                "total": byState.reduce(Int64(0)) { $0 + (($1["count"] as? Int64) ?? 0) },
                "overdue": overdue, "hasOverdue": !overdue.isEmpty, "expiring": expiries,
                "lateAppeals": lateAppeals, "hasLateAppeals": !lateAppeals.isEmpty,
                "hasExpiring": !expiries.isEmpty, "expiringDays": expiring, "workload": workload,
                "hasWorkload": !workload.isEmpty, "at": ReadableDates.moment(now),
            ])
    }
}

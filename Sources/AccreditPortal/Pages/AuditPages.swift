import AccreditAPI
import AccreditEngine
import CaseService
import EvidenceStore
import Foundation
import Statecharts

/// What an auditor reads: a case's history as a timeline (who, when, their roles, the data, the states left and
/// entered), the case replayed as at a date, the verification of its record with each finding, its audit bundle,
/// and the verification of the whole store. Every read goes through the API's routes and rules.
enum AuditPages {
    /// The routes.
    static let routes: [PortalRoute] = [
        PortalRoute(.get, "/cases/{case}/history", replica: true) { call in try history(staff(call)) },
        PortalRoute(.get, "/cases/{case}/replay", replica: true) { call in try replay(staff(call)) },
        PortalRoute(.get, "/cases/{case}/audit", replica: true) { call in try verifyCase(staff(call)) },
        PortalRoute(.post, "/cases/{case}/audit", replica: true) { call in try verifyCase(staff(call), run: true) },
        PortalRoute(.get, "/cases/{case}/bundle") { call in try bundle(staff(call)) },
        PortalRoute(.get, "/audit", replica: true) { call in try storeAudit(call) },
        PortalRoute(.post, "/audit", replica: true) { call in try storeAudit(call, run: true) },
    ]

    /// The call, for the accrediting body's staff only: an organisation's people read their case on its own page,
    /// which does not show the assessors' ratings and notes before the decision.
    ///
    /// - Throws: ``Problem`` 403 for someone who acts for an organisation.
    static func staff(_ call: PortalCall) throws -> PortalCall {
        guard try !call.signedIn().actsForOrganisation else {
            throw Problem(
                status: 403, code: "portal.staff-only", title: "For the accrediting body's staff",
                detail: "a case's record, replay and verification are for the accrediting body's staff: your case's "
                    + "page shows where it stands",
                extensions: ["case": .string(call.parameter("case")), "rule": "portal.staff-only"])
        }
        return call
    }

    /// Lets one verification run at a time: each reads and re-hashes a whole case or store.
    static let verifying = OneAtATime(
        refusal: Problem(
            status: 429, code: "portal.verification-busy", title: "A verification is running",
            detail: "another verification is running on this server: try again in a minute"))

    /// The API path of the case in the page's path.
    static func api(_ call: PortalCall, _ tail: String = "") -> String {
        "/api/v1/cases/" + PortalLinks.escape(call.parameter("case")) + tail
    }

    /// The links between a case's audit pages, with the current one marked.
    static func tabs(_ caseID: String, current: String) -> [[String: Any]] {
        let base = PortalLinks.casePage(caseID)
        return [
            (base, "Case"), (base + "/history", "History"), (base + "/replay", "Replay"),
            (base + "/audit", "Verification"), (base + "/version", "Version"),
        ].map { href, label in ["href": href, "label": label, "current": label == current] }
    }

    /// The timeline: every event with its sender, their roles, its data, and the states it left and entered;
    /// `?actor=` and `?event=` narrow it.
    static func history(_ call: PortalCall) throws -> PortalResponse {
        let caseID = call.parameter("case")
        var query: [String: String] = [:]
        for name in ["actor", "event"] {
            if let value = call.request.query[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty {
                query[name] = value
            }
        }
        let document = try call.api(.get, api(call, "/history"), query: query).json
        let events = (document.objectValue?["events"]?.arrayValue ?? []).compactMap(\.objectValue).map(historyRow)
        return call.page(
            "history", title: "History of case \(caseID)",
            [
                "case": caseID, "caseLink": PortalLinks.casePage(caseID), "tabs": tabs(caseID, current: "History"),
                "events": events, "hasEvents": !events.isEmpty, "actor": query["actor"] ?? "",
                "event": query["event"] ?? "", "filtered": !query.isEmpty,
            ])
    }

    /// One history entry as a timeline row.
    static func historyRow(_ entry: [String: Value]) -> [String: Any] {
        let strings: (String) -> [String] = { key in (entry[key]?.arrayValue ?? []).compactMap(\.stringValue) }
        let time = entry["time"]?.stringValue.flatMap { Instant(iso8601: $0) }
        let imported = entry["importedAt"]?.stringValue.flatMap { Instant(iso8601: $0) }
        var row: [String: Any] = [
            "seq": entry["seq"]?.integerValue ?? 0, "time": time.map(ReadableDates.moment) ?? "",
            "actor": entry["actor"]?.stringValue ?? "", "roles": strings("roles").joined(separator: ", "),
            "event": entry["event"]?.stringValue ?? "",
        ]
        let details: [(String, [String])] = [
            ("Left", strings("exited")), ("Entered", strings("entered")), ("Evidence", strings("evidence")),
            ("Ratings", strings("ratings")), ("Deadlines set", strings("deadlinesSet")),
            ("Deadline delivered", strings("deadlinesFired")), ("Deadlines cancelled", strings("deadlinesCancelled")),
        ]
        var lines = details.filter { !$0.1.isEmpty }.map { label, values in
            ["label": label, "value": values.joined(separator: ", ")]
        }
        if let imported { lines.append(["label": "Imported", "value": ReadableDates.moment(imported)]) }
        row["details"] = lines
        if let data = entry["data"], data != .null, data != .object([:]) { row["data"] = data.prettyText }
        return row
    }

    /// The case replayed from its log as at a date (`?asAt=`, a day or a time) or through an event (`?through=`);
    /// with neither, the whole log, compared with the stored projection.
    static func replay(_ call: PortalCall) throws -> PortalResponse {
        let caseID = call.parameter("case")
        let asAtText = call.request.query["asAt"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let throughText = call.request.query["through"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        var query: [String: String] = [:]
        var errors: [[String: Any]] = []
        if !asAtText.isEmpty {
            if let instant = DirectoryViews.instant(asAtText) {
                // A day means the end of that day: everything that happened on it.
                query["asAt"] =
                    (asAtText.count == 10 ? instant.adding(microseconds: 86_400_000_000 - 1) : instant).iso8601
            } else {
                errors.append(["field": "asAt", "message": "Enter a date such as 2026-03-31, or a time"])
            }
        }
        if !throughText.isEmpty {
            if let seq = Int64(throughText), seq >= 0 {
                query["until"] = String(seq)
            } else {
                errors.append(["field": "through", "message": "Enter an event number, such as 12"])
            }
        }
        if query["asAt"] != nil && query["until"] != nil {
            errors.append(["field": "through", "message": "Give a date or an event number, not both"])
        }
        var context: [String: Any] = [
            "case": caseID, "caseLink": PortalLinks.casePage(caseID), "tabs": tabs(caseID, current: "Replay"),
            "asAt": asAtText, "through": throughText, "errors": errors, "hasErrors": !errors.isEmpty,
        ]
        guard errors.isEmpty else {
            return call.page("replay", title: "Error: replay of case \(caseID)", status: 400, context)
        }
        let document = try call.api(.get, api(call, "/replay"), query: query).json.objectValue ?? [:]
        let strings: (String) -> [String] = { key in (document[key]?.arrayValue ?? []).compactMap(\.stringValue) }
        let evidence = (document["evidence"]?.objectValue ?? [:]).sorted { $0.key < $1.key }.map { id, item in
            let fields = item.objectValue ?? [:]
            return [
                "id": id, "criterion": fields["criterion"]?.stringValue ?? "",
                "status": PortalLinks.words(fields["status"]?.stringValue ?? ""),
                "uploadedBy": fields["uploadedBy"]?.stringValue ?? "",
            ]
        }
        let deadlines = (document["deadlines"]?.arrayValue ?? []).compactMap(\.objectValue).map { deadline in
            [
                "event": PortalLinks.words(deadline["event"]?.stringValue ?? ""),
                "due": deadline["due"]?.stringValue.flatMap { Instant(iso8601: $0) }.map(ReadableDates.moment) ?? "",
            ]
        }
        context["result"] = [
            "throughSeq": document["throughSeq"]?.integerValue ?? 0,
            "version": document["version"]?.integerValue ?? 0,
            "truncated": document["truncated"]?.boolValue == true,
            "status": PortalLinks.status(document["status"]?.stringValue ?? ""),
            "configuration": strings("configuration").joined(separator: ", "),
            "workflow": document["workflow"]?.stringValue ?? "", "framework": document["framework"]?.stringValue ?? "",
            "evidence": evidence, "hasEvidence": !evidence.isEmpty, "deadlines": deadlines,
            "hasDeadlines": !deadlines.isEmpty,
            "data": (document["data"] ?? .null).prettyText,
            "matches": present(document["matchesProjection"]?.boolValue),
            "differences": strings("projectionDifferences"),
        ]
        return call.page("replay", title: "Replay of case \(caseID)", context)
    }

    /// The verification of the case's record (its hash chain, its replay, its evidence files), with its button;
    /// once pressed, the verdict and every finding about the case.
    static func verifyCase(_ call: PortalCall, run: Bool = false) throws -> PortalResponse {
        let caseID = call.parameter("case")
        try call.desk.requireRead(of: caseID, by: try call.signedIn().actor.id)
        var context: [String: Any] = [
            "case": caseID, "caseLink": PortalLinks.casePage(caseID), "tabs": tabs(caseID, current: "Verification"),
            "bundle": PortalLinks.casePage(caseID) + "/bundle",
        ]
        if run {
            let report = try verifying.run {
                try call.api(.post, api(call, "/audit"), body: .object([:])).json.objectValue ?? [:]
            }
            context["report"] = verification(report, only: caseID)
        }
        return call.page("case-audit", title: "Verification of case \(caseID)", context)
    }

    /// A verification report's verdict, counts and findings (only those about `caseID` when one is given: the
    /// store's own, about its checkpoints, belong on the store's page).
    static func verification(_ report: [String: Value], only caseID: String? = nil) -> [String: Any] {
        let all = (report["findings"]?.arrayValue ?? []).compactMap(\.objectValue)
        let findings = all.filter { caseID == nil || $0["case"]?.stringValue == caseID }.map { finding in
            let subject = finding["case"]?.stringValue ?? ""
            return [
                "case": subject.isEmpty ? "The store" : subject,
                "caseLink": present(subject.isEmpty ? nil : PortalLinks.casePage(subject)),
                "seq": present(finding["seq"]?.integerValue),
                "kind": PortalLinks.words(finding["kind"]?.stringValue ?? ""),
                "message": finding["message"]?.stringValue ?? "",
                "expected": present(finding["expected"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }),
                "actual": finding["actual"]?.stringValue ?? "",
            ] as [String: Any]
        }
        let counts = (report["counts"]?.objectValue ?? [:]).sorted { $0.key < $1.key }.map { name, count in
            ["name": PortalLinks.words(name), "count": count.integerValue ?? 0] as [String: Any]
        }
        let coverage = report["coverage"]?.objectValue
        return [
            "clean": caseID == nil ? report["clean"]?.boolValue == true : findings.isEmpty, "findings": findings,
            "counts": counts,
            "checkpoint": present(coverage?["checkpoint"]?.integerValue),
            "uncoveredEvents": coverage?["uncoveredEvents"]?.integerValue ?? 0,
        ]
    }

    /// The case's audit bundle (its log, definitions and evidence records, with the files when `?withFiles=1`),
    /// as a download.
    static func bundle(_ call: PortalCall) throws -> PortalResponse {
        let withFiles = call.request.query["withFiles"] == "1"
        let answer = try call.api(.get, api(call, "/bundle"), query: withFiles ? ["withFiles": "true"] : [:])
        guard case .file(let download) = answer.body else {
            throw Problem(status: 500, code: "portal.bundle", title: "No bundle", detail: "the bundle was not made")
        }
        return PortalResponse(status: 200, body: .file(download))
    }

    /// The whole store's verification: the page with its button, and after it is pressed the report.
    static func storeAudit(_ call: PortalCall, run: Bool = false) throws -> PortalResponse {
        let viewer = try call.signedIn()
        try call.desk.require(.oversee, by: viewer.actor.id)
        var context: [String: Any] = ["ran": run]
        if run {
            let report = try verifying.run {
                try call.api(.post, "/api/v1/audit/verify", body: .object([:])).json.objectValue ?? [:]
            }
            context["report"] = verification(report)
        }
        return call.page("store-audit", title: "Verify the whole record", context)
    }
}

extension Value {
    /// The value as indented JSON, for reading on a page.
    var prettyText: String {
        prettyLines(indent: "").joined(separator: "\n")
    }

    /// The lines of the indented JSON, the first without indentation.
    private func prettyLines(indent: String) -> [String] {
        let inner = indent + "  "
        switch self {
        case .object(let members) where !members.isEmpty:
            let sorted = members.sorted { $0.key < $1.key }
            var lines = ["{"]
            for (index, (key, value)) in sorted.enumerated() {
                var nested = value.prettyLines(indent: inner)
                nested[0] = inner + CanonicalJSON.encode(.string(key)) + ": " + nested[0]
                if index < sorted.count - 1 { nested[nested.count - 1] += "," }
                lines += nested
            }
            return lines + [indent + "}"]
        case .array(let elements) where !elements.isEmpty:
            var lines = ["["]
            for (index, element) in elements.enumerated() {
                var nested = element.prettyLines(indent: inner)
                nested[0] = inner + nested[0]
                if index < elements.count - 1 { nested[nested.count - 1] += "," }
                lines += nested
            }
            return lines + [indent + "]"]
        default:
            return [CanonicalJSON.encode(self)]
        }
    }
}

import AccreditAPI
import AccreditEngine
import CaseService
import EvidenceStore
import Foundation
import Statecharts

/// The workflow version a case runs on, for the accrediting body's staff: the other published versions of its
/// workflow, a check of whether one handles the case's history alike (those who oversee the record), and, for the
/// secretariat, the move to it. Both go through the API's routes and rules (`migration-check`, `migration`).
enum VersionPage {
    /// The routes.
    static let routes: [PortalRoute] = [
        PortalRoute(.get, "/cases/{case}/version") { call in try render(AuditPages.staff(call)) },
        PortalRoute(.post, "/cases/{case}/version") { call in try submit(AuditPages.staff(call)) },
    ]

    /// The page, with the form as last sent, its errors, and a check's result.
    static func render(
        _ call: PortalCall, errors: [[String: Any]] = [], check: [String: Any]? = nil, status: Int = 200
    ) throws -> PortalResponse {
        let caseID = call.parameter("case")
        let viewer = try call.signedIn()
        let (pinned, name) = try pinned(call)
        // Checking a version against the case is for those who look after the record (the API's rule too).
        let mayCheck = !Capability.oversee.kinds.isDisjoint(with: viewer.kinds)
        let versions =
            try mayCheck
            ? call.desk.publishedVersions(ofWorkflow: name, as: viewer.actor.id).filter {
                "\(name)@\($0.reference.version)" != pinned
            } : []
        let form = call.request.form
        var context: [String: Any] = [
            "case": caseID, "caseLink": PortalLinks.casePage(caseID),
            "tabs": AuditPages.tabs(caseID, current: "Version"), "pinned": pinned,
            "versions": versions.map { definition in
                [
                    "version": definition.reference.version,
                    "published": ReadableDates.moment(definition.publishedAt),
                    "selected": form["version"] == definition.reference.version,
                ] as [String: Any]
            },
            "hasVersions": !versions.isEmpty, "mayCheck": mayCheck, "states": form["states"] ?? "",
            "mayMove": viewer.kinds.contains(.administrator), "errors": errors, "hasErrors": !errors.isEmpty,
        ]
        if let check { context["check"] = check }
        return call.page(
            "version", title: (errors.isEmpty ? "" : "Error: ") + "Workflow version of case \(caseID)",
            status: status, context)
    }

    /// Checks the chosen version against the case's history, or moves the case to it.
    static func submit(_ call: PortalCall) throws -> PortalResponse {
        let form = call.request.form
        let caseID = call.parameter("case")
        guard let version = form.trimmed("version") else {
            return try render(
                call, errors: [["field": "version", "message": "Choose the version"]], status: 400)
        }
        let states: [String: String]
        switch renamedStates(form["states"] ?? "") {
        case .success(let parsed): states = parsed
        case .failure(let problem):
            return try render(call, errors: [["field": "states", "message": problem.description]], status: 400)
        }
        let name = try pinned(call).name
        let mapped: Value = .object(states.mapValues(Value.string))
        do {
            if form["action"] == "move" {
                _ = try call.api(
                    .post, AuditPages.api(call, "/migration"),
                    body: ["workflow": .string("\(name)@\(version)"), "states": mapped])
                return .seeOther(PortalLinks.casePage(caseID) + "/version?notice=moved")
            }
            let viewer = try call.signedIn()
            guard
                let definition = try call.desk.publishedVersions(ofWorkflow: name, as: viewer.actor.id).first(where: {
                    $0.reference.version == version
                })
            else {
                return try render(
                    call, errors: [["field": "version", "message": "Choose a published version"]], status: 400)
            }
            let answer =
                try call.api(
                    .post, AuditPages.api(call, "/migration-check"),
                    body: [
                        "source": .string(definition.source), "file": .string("\(name)@\(version)"), "states": mapped,
                    ]
                ).json.objectValue ?? [:]
            return try render(call, check: result(answer, version: version))
        } catch let error as Problem {
            guard PortalForms.isCorrectable(error) else { throw error }
            return try render(
                call,
                errors: [["field": error.rule == "migration.mapping" ? "states" : "version", "message": error.detail]],
                status: error.status)
        }
    }

    /// A check's answer in words.
    static func result(_ answer: [String: Value], version: String) -> [String: Any] {
        let compatible = answer["compatible"]?.boolValue == true
        let removed = (answer["removedStates"]?.arrayValue ?? []).compactMap(\.stringValue)
        var lines: [String] = []
        if let difference = answer["firstDifference"]?.objectValue {
            let at = "Event \(difference["seq"]?.integerValue ?? 0) (\(difference["event"]?.stringValue ?? ""))"
            let strings: (String) -> String = { key in
                (difference[key]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")
            }
            if let refusal = difference["refusal"]?.objectValue {
                lines.append("\(at): version \(version) refuses it (\(refusal["message"]?.stringValue ?? "")).")
            } else if difference["newDeadlines"] != nil {
                lines.append(
                    "\(at): the deadlines would move, from \(strings("pinnedDeadlines")) to \(strings("newDeadlines"))."
                )
            } else if difference["recordDiffers"]?.boolValue == true {
                lines.append("\(at): version \(version) records it otherwise.")
            } else {
                lines.append(
                    "\(at): the case would be in \(strings("newConfiguration")), not \(strings("pinnedConfiguration"))."
                )
            }
        }
        if !removed.isEmpty {
            lines.append(
                "Version \(version) has no state \(removed.joined(separator: ", ")): name each one's new id below.")
        }
        return [
            "version": version, "compatible": compatible, "lines": lines,
            "events": answer["eventsCompared"]?.integerValue ?? 0,
        ]
    }

    /// The renamed states, one `old=new` a line (blank lines ignored); what to do, in words, when a line is not one.
    static func renamedStates(_ text: String) -> Result<[String: String], MappingError> {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter {
            !$0.trimmingCharacters(in: .whitespaces).isEmpty
        }
        do throws(CaseMigration.RenamingError) {
            return .success(try CaseMigration.renamedStates(lines))
        } catch {
            switch error {
            case .malformed:
                return .failure(MappingError(description: "Write each renamed state as old=new, one a line"))
            case .twice(let state):
                return .failure(MappingError(description: "\(state) is renamed twice: name it once"))
            }
        }
    }

    /// A line of the renamed states that is not `old=new`.
    struct MappingError: Error, CustomStringConvertible {
        /// What to do, in words.
        var description: String
    }

    /// The workflow version the case runs on, `name@version`, and its workflow's name.
    private static func pinned(_ call: PortalCall) throws -> (pinned: String, name: String) {
        let summary = try call.api(.get, AuditPages.api(call)).json.objectValue ?? [:]
        let pinned = summary["workflow"]?.stringValue ?? ""
        return (pinned, pinned.split(separator: "@", maxSplits: 1).first.map(String.init) ?? pinned)
    }
}

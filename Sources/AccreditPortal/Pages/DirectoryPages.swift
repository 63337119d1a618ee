import AccreditAPI
import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// The secretariat's directory: organisations (register one, see its cases and declared conflicts), people (add one
/// with their roles, invite them to set a password) and conflicts of interest (declare one). Reading needs the
/// directory capability, writing the administrator's; the API's rules decide both.
enum DirectoryPages {
    /// The routes.
    static let routes: [PortalRoute] = [
        PortalRoute(.get, "/organisations") { call in try organisations(call) },
        PortalRoute(.post, "/organisations") { call in try register(call) },
        PortalRoute(.get, "/organisations/{organisation}") { call in try organisation(call) },
        PortalRoute(.get, "/people") { call in try people(call) },
        PortalRoute(.post, "/people") { call in try addPerson(call) },
        PortalRoute(.post, "/people/{actor}/invitation") { call in try invite(call) },
        PortalRoute(.get, "/conflicts") { call in try conflicts(call) },
        PortalRoute(.post, "/conflicts") { call in try declare(call) },
    ]

    /// The organisations, with the form to register one for administrators.
    static func organisations(
        _ call: PortalCall, errors: [[String: Any]] = [], status: Int = 200
    ) throws -> PortalResponse {
        let viewer = try call.signedIn()
        let organisations = try call.desk.organisations(as: viewer.actor.id)
        let cases = try call.desk.cases(as: viewer.actor.id)
        let counts = Dictionary(grouping: cases, by: \.organisation).mapValues(\.count)
        let form = call.request.form
        return call.page(
            "organisations", title: (errors.isEmpty ? "" : "Error: ") + "Organisations", status: status,
            [
                "organisations": organisations.map { organisation in
                    [
                        "id": organisation.id, "name": organisation.name, "ods": organisation.odsCode ?? "",
                        "link": "/organisations/" + PortalLinks.escape(organisation.id),
                        "cases": counts[organisation.id] ?? 0,
                    ] as [String: Any]
                },
                "hasOrganisations": !organisations.isEmpty, "mayWrite": viewer.kinds.contains(.administrator),
                "errors": errors, "hasErrors": !errors.isEmpty,
                "form": ["id": form["id"] ?? "", "name": form["name"] ?? "", "ods": form["ods"] ?? ""],
            ])
    }

    /// Registers an organisation through the API.
    static func register(_ call: PortalCall) throws -> PortalResponse {
        let form = call.request.form
        var errors: [[String: Any]] = []
        if form.trimmed("id") == nil { errors.append(["field": "org-id", "message": "Enter the organisation's id"]) }
        if form.trimmed("name") == nil { errors.append(["field": "org-name", "message": "Enter its name"]) }
        guard errors.isEmpty else { return try organisations(call, errors: errors, status: 400) }
        var body: [String: Value] = [
            "id": .string(form.trimmed("id") ?? ""), "name": .string(form.trimmed("name") ?? ""),
        ]
        if let ods = form.trimmed("ods") { body["ods"] = .string(ods) }
        do {
            _ = try call.api(.post, "/api/v1/organisations", body: .object(body))
        } catch {
            guard PortalForms.isCorrectable(error) else { throw error }
            return try organisations(
                call, errors: [["field": "org-id", "message": error.detail]], status: error.status)
        }
        return .seeOther("/organisations/" + PortalLinks.escape(form.trimmed("id") ?? "") + "?notice=registered")
    }

    /// One organisation: its details, its cases, its sites and services (with the forms that record them, for
    /// administrators) and the conflicts declared with it; `errors` from a form sent from it.
    static func organisation(_ call: PortalCall, errors: [[String: Any]] = [], status: Int = 200) throws
        -> PortalResponse
    {
        let viewer = try call.signedIn()
        let organisation = try call.desk.organisation(call.parameter("organisation"), as: viewer.actor.id)
        let cases = try call.desk.cases(as: viewer.actor.id, organisation: organisation.id)
        let conflicts =
            viewer.actsForOrganisation
            ? [] : try call.desk.conflicts(organisation: organisation.id, as: viewer.actor.id)
        var context: [String: Any] = try OrganisationServicesPage.context(call, organisation.id, viewer: viewer)
        context["errors"] = errors
        context["hasErrors"] = !errors.isEmpty
        return call.page(
            "organisation", title: (errors.isEmpty ? "" : "Error: ") + organisation.name, status: status,
            context.merging([
                "id": organisation.id, "name": organisation.name, "ods": present(organisation.odsCode),
                "cases": cases.map { summary in
                    [
                        "case": summary.caseID, "link": PortalLinks.casePage(summary.caseID),
                        "status": PortalLinks.status(summary.status),
                        "awardUntil": present(summary.awardUntil.map(ReadableDates.day)),
                    ] as [String: Any]
                },
                "hasCases": !cases.isEmpty, "conflicts": conflicts.map(conflictRow),
                "hasConflicts": !conflicts.isEmpty, "staff": !viewer.actsForOrganisation,
            ]) { _, new in new })
    }

    /// A conflict declaration as a table row.
    static func conflictRow(_ conflict: ConflictDeclaration) -> [String: Any] {
        [
            "actor": conflict.actor, "organisation": conflict.organisation,
            "organisationLink": "/organisations/" + PortalLinks.escape(conflict.organisation),
            "from": ReadableDates.day(conflict.from), "until": conflict.until.map(ReadableDates.day) ?? "Open-ended",
            "reason": conflict.reason,
        ]
    }

    /// The people, with their roles; for administrators, the forms to add and invite them.
    static func people(
        _ call: PortalCall, errors: [[String: Any]] = [], invited: [String: Any]? = nil, status: Int = 200
    ) throws -> PortalResponse {
        let viewer = try call.signedIn()
        let actors = try call.desk.actors(as: viewer.actor.id)
        let kinds = try call.desk.publishedRoleKinds()
        let form = call.request.form
        let chosen = Set(form.all("roles"))
        let roles = kinds.kinds.keys.filter { $0 != WorkflowExtension.systemRole }.sorted()
        var context: [String: Any] = [
            "people": actors.filter { $0.id != WorkflowExtension.systemRole }.map { actor in
                [
                    "id": actor.id, "name": actor.name, "roles": actor.roles.sorted().joined(separator: ", "),
                    "organisation": present(actor.organisation),
                    "organisationLink": present(actor.organisation.map { "/organisations/" + PortalLinks.escape($0) }),
                    "email": present(actor.email),
                    "inviteAction": "/people/" + PortalLinks.escape(actor.id) + "/invitation",
                ] as [String: Any]
            },
            "mayWrite": viewer.kinds.contains(.administrator), "errors": errors, "hasErrors": !errors.isEmpty,
            "roles": roles.enumerated().map { index, role in
                [
                    "index": index, "role": role, "checked": chosen.contains(role),
                    "kinds": (kinds.kinds[role] ?? []).sorted().map { PortalLinks.words($0.rawValue) }.joined(
                        separator: ", "),
                ] as [String: Any]
            },
            "organisations": try call.desk.organisations(as: viewer.actor.id).map { organisation in
                [
                    "id": organisation.id, "name": organisation.name,
                    "selected": form["organisation"] == organisation.id,
                ] as [String: Any]
            },
            "form": ["id": form["id"] ?? "", "name": form["name"] ?? "", "email": form["email"] ?? ""],
        ]
        if let invited { context["invited"] = invited }
        return call.page("people", title: (errors.isEmpty ? "" : "Error: ") + "People", status: status, context)
    }

    /// Adds a person through the API.
    static func addPerson(_ call: PortalCall) throws -> PortalResponse {
        let form = call.request.form
        var errors: [[String: Any]] = []
        if form.trimmed("id") == nil { errors.append(["field": "person-id", "message": "Enter a user name"]) }
        if form.trimmed("name") == nil { errors.append(["field": "person-name", "message": "Enter their name"]) }
        let roles = form.all("roles").filter { !$0.isEmpty }
        if roles.isEmpty { errors.append(["field": "role-0", "message": "Choose at least one role"]) }
        guard errors.isEmpty else { return try people(call, errors: errors, status: 400) }
        var body: [String: Value] = [
            "id": .string(form.trimmed("id") ?? ""), "name": .string(form.trimmed("name") ?? ""),
            "roles": .array(roles.map(Value.string)),
        ]
        if let organisation = form.trimmed("organisation") { body["organisation"] = .string(organisation) }
        if let email = form.trimmed("email") { body["email"] = .string(email) }
        do {
            _ = try call.api(.post, "/api/v1/actors", body: .object(body))
        } catch  where error.code == "request.invalid-email" {
            return try people(
                call, errors: [["field": "person-email", "message": "Enter an address such as name@example.org"]],
                status: 422)
        } catch {
            // The directory's own rules (a role no workflow declares, an organisation role without its organisation)
            // are about what was entered: they belong on the form.
            let aboutTheEntry = error.extensions["rule"]?.stringValue?.hasPrefix("directory.") == true
            guard PortalForms.isCorrectable(error) || aboutTheEntry else { throw error }
            return try people(call, errors: [["field": "person-id", "message": error.detail]], status: error.status)
        }
        return .seeOther("/people?notice=added")
    }

    /// Invites a person to set their password: the one-time link is shown this once, to be passed on to them.
    static func invite(_ call: PortalCall) throws -> PortalResponse {
        let actor = call.parameter("actor")
        let issued: [String: Value]
        do {
            issued =
                try call.api(.post, "/api/v1/invitations", body: ["actor": .string(actor)]).json.objectValue ?? [:]
        } catch {
            // A staff member who already has a password is reset by the operator only: say so on the page.
            guard error.status == 403, error.extensions["rule"]?.stringValue == "access.staff-reset" else {
                throw error
            }
            return try people(call, errors: [["field": "person-id", "message": error.detail]], status: 403)
        }
        let code = issued["code"]?.stringValue ?? ""
        return try people(
            call,
            invited: [
                "actor": actor, "link": "/invitation?code=" + PortalLinks.escape(code), "code": code,
                "expires": issued["expiresAt"]?.stringValue.flatMap { Instant(iso8601: $0) }.map(ReadableDates.moment)
                    ?? "",
            ], status: 201)
    }

    /// The conflicts of interest declared, with the form to declare one (one's own, or anyone's for an
    /// administrator).
    static func conflicts(
        _ call: PortalCall, errors: [[String: Any]] = [], status: Int = 200
    ) throws -> PortalResponse {
        let viewer = try call.signedIn()
        let conflicts = try call.desk.conflicts(as: viewer.actor.id)
        let administers = viewer.kinds.contains(.administrator)
        let form = call.request.form
        let organisations = try call.desk.organisations(as: viewer.actor.id)
        var context: [String: Any] = [
            "conflicts": conflicts.map(conflictRow), "hasConflicts": !conflicts.isEmpty,
            "administers": administers, "errors": errors, "hasErrors": !errors.isEmpty,
            "organisations": organisations.map { organisation in
                [
                    "id": organisation.id, "name": organisation.name,
                    "selected": form["organisation"] == organisation.id,
                ] as [String: Any]
            },
            "form": [
                "actor": form["actor"] ?? viewer.actor.id, "from": form["from"] ?? "", "until": form["until"] ?? "",
                "reason": form["reason"] ?? "",
            ],
        ]
        if administers {
            context["people"] = try call.desk.actors(as: viewer.actor.id).filter {
                $0.id != WorkflowExtension.systemRole && $0.organisation == nil
            }.map { actor in
                [
                    "id": actor.id, "name": actor.name,
                    "selected": (form["actor"] ?? viewer.actor.id) == actor.id,
                ] as [String: Any]
            }
        }
        return call.page(
            "conflicts", title: (errors.isEmpty ? "" : "Error: ") + "Conflicts of interest", status: status, context)
    }

    /// Declares a conflict through the API.
    static func declare(_ call: PortalCall) throws -> PortalResponse {
        let viewer = try call.signedIn()
        let form = call.request.form
        var errors: [[String: Any]] = []
        if form.trimmed("organisation") == nil {
            errors.append(["field": "conflict-organisation", "message": "Choose the organisation"])
        }
        if form.trimmed("from") == nil {
            errors.append(["field": "conflict-from", "message": "Enter the day it began, such as 2024-01-31"])
        }
        if form.trimmed("reason") == nil {
            errors.append(["field": "conflict-reason", "message": "Say what the conflict is"])
        }
        guard errors.isEmpty else { return try conflicts(call, errors: errors, status: 400) }
        var body: [String: Value] = [
            "actor": .string(form.trimmed("actor") ?? viewer.actor.id),
            "organisation": .string(form.trimmed("organisation") ?? ""), "from": .string(form.trimmed("from") ?? ""),
            "reason": .string(form.trimmed("reason") ?? ""),
        ]
        if let until = form.trimmed("until") { body["until"] = .string(until) }
        do {
            _ = try call.api(.post, "/api/v1/conflicts", body: .object(body))
        } catch {
            guard PortalForms.isCorrectable(error) else { throw error }
            let field = error.detail.contains("until") ? "conflict-until" : "conflict-from"
            return try conflicts(call, errors: [["field": field, "message": error.detail]], status: error.status)
        }
        return .seeOther("/conflicts?notice=declared")
    }
}

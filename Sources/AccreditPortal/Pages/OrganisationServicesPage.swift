import AccreditAPI
import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// An organisation's sites and services on its page, which cases' scopes are declared from; for administrators,
/// the forms that record a site and a service (appended, never changed).
enum OrganisationServicesPage {
    /// The routes; each form is on the organisation's page, which shows a refusal next to it.
    static let routes: [PortalRoute] = [
        PortalRoute(.post, "/organisations/{organisation}/sites") { call in
            let form = call.request.form
            var body: [String: Value] = [
                "site": .string(form.trimmed("site") ?? ""), "name": .string(form.trimmed("name") ?? ""),
            ]
            if let address = form.trimmed("address") { body["address"] = .string(address) }
            return try send(call, "sites", body, field: "site-code", notice: "site-recorded")
        },
        PortalRoute(.post, "/organisations/{organisation}/services") { call in
            let form = call.request.form
            let body: [String: Value] = [
                "service": .string(form.trimmed("service") ?? ""), "site": .string(form.trimmed("site") ?? ""),
                "kind": .string(form.trimmed("kind") ?? ""), "name": .string(form.trimmed("name") ?? ""),
            ]
            return try send(call, "services", body, field: "service-code", notice: "service-recorded")
        },
    ]

    /// Records through the API, then shows the organisation's page at its services.
    private static func send(
        _ call: PortalCall, _ what: String, _ body: [String: Value], field: String, notice: String
    ) throws -> PortalResponse {
        let organisation = call.parameter("organisation")
        do {
            _ = try call.api(
                .post, "/api/v1/organisations/\(PortalLinks.escape(organisation))/\(what)", body: .object(body))
        } catch {
            guard PortalForms.isCorrectable(error) else { throw error }
            return try DirectoryPages.organisation(
                call, errors: [["field": field, "message": error.detail]], status: error.status)
        }
        return .seeOther("/organisations/" + PortalLinks.escape(organisation) + "?notice=\(notice)#services")
    }

    /// The page's sites and services, and for administrators the kinds a service may be of.
    static func context(_ call: PortalCall, _ organisation: String, viewer: Viewer) throws -> [String: Any] {
        let (sites, services) = try call.desk.sitesAndServices(of: organisation, as: viewer.actor.id)
        var context: [String: Any] = [
            "sites": sites.map { site in
                [
                    "code": site.code, "name": site.name, "address": site.address ?? "",
                    "hasAddress": site.address != nil,
                    "services": services.filter { $0.site == site.code }.map {
                        ["code": $0.code, "name": $0.name, "kind": $0.kind]
                    },
                ] as [String: Any]
            },
            "hasSites": !sites.isEmpty, "mayRecordServices": viewer.kinds.contains(.administrator),
        ]
        guard viewer.kinds.contains(.administrator) else { return context }
        let form = call.request.form
        context["siteOptions"] = sites.map { ["code": $0.code, "name": $0.name, "selected": form["site"] == $0.code] }
        context["kindOptions"] = try call.desk.publishedServiceKinds().sorted().map {
            ["id": $0, "selected": form["kind"] == $0]
        }
        return context
    }
}

import CaseService
import EvidenceStore
import Statecharts

/// Organisations' sites and services, which cases' scopes are declared from.
enum ScopeRoutes {
    /// The routes.
    static let all: [APIRoute] = [
        APIRoute(.get, "/api/v1/organisations/{organisation}/services", operationID: "listServices") { call in
            let (sites, services) = try call.desk.sitesAndServices(
                of: call.parameter("organisation"), as: try call.signedIn())
            return .json([
                "sites": .array(sites.map(ScopeViews.site)), "services": .array(services.map(ScopeViews.service)),
            ])
        },
        APIRoute(.post, "/api/v1/organisations/{organisation}/sites", operationID: "recordSite") { call in
            let fields = try RequestFields(call.request.body)
            var site = Site(
                organisation: call.parameter("organisation"), code: try fields.string("site"),
                name: try DirectoryRoutes.nonEmpty(fields, "name"), address: try fields.optionalString("address"),
                recordedBy: "")
            let actor = try call.signedIn()
            try call.desk.recordSite(site, by: actor)
            site.recordedBy = actor
            return .json(ScopeViews.site(site), status: 201)
        },
        APIRoute(.post, "/api/v1/organisations/{organisation}/services", operationID: "recordService") { call in
            let fields = try RequestFields(call.request.body)
            var service = OrganisationService(
                organisation: call.parameter("organisation"), code: try fields.string("service"),
                site: try fields.string("site"), kind: try fields.string("kind"),
                name: try DirectoryRoutes.nonEmpty(fields, "name"), recordedBy: "")
            let actor = try call.signedIn()
            try call.desk.recordService(service, by: actor)
            service.recordedBy = actor
            return .json(ScopeViews.service(service), status: 201)
        },
    ]
}

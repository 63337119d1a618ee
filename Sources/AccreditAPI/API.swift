import Statecharts

/// The API's routes, in one table: the server serves them, the command-line tool calls them in direct mode, and a
/// test holds them to the OpenAPI document (`openapi.json`, served at `/api/v1/openapi.json`).
public enum API {
    /// Every route.
    public static let routes: [APIRoute] =
        IdentityRoutes.all + CaseRoutes.all + CaseImportRoutes.all + EvidenceRoutes.all + DirectoryRoutes.all
        + ScopeRoutes.all
        + ComplaintRoutes.all
        + DefinitionRoutes.all
        + StoreRoutes.all + ReportRoutes.all + AwardRoutes.all + AuditRoutes.all + HousekeepingRoutes.all
        + ReminderRoutes.all

    /// The methods the routes take at `path` (empty when no route has it).
    public static func methods(at path: String) -> [APIMethod] {
        let segments = APIRoute.segments(of: path)
        return routes.filter { $0.match(segments: segments) != nil }.map(\.method)
    }

    /// The route for a method and path, with the path's parameters.
    ///
    /// - Throws: ``Problem`` 404 when no route has the path, 405 when routes have it for other methods.
    public static func route(_ method: APIMethod, _ path: String) throws -> (APIRoute, [String: String]) {
        var allowed: [APIMethod] = []
        let segments = APIRoute.segments(of: path)
        for route in routes {
            guard let parameters = route.match(segments: segments) else { continue }
            if route.method == method { return (route, parameters) }
            allowed.append(route.method)
        }
        guard allowed.isEmpty else {
            throw Problem(
                status: 405, code: "route.method-not-allowed", title: "Method not allowed",
                detail: "\(path) takes \(allowed.map(\.rawValue).joined(separator: ", ")), not \(method.rawValue)",
                extensions: ["allow": .array(allowed.map { .string($0.rawValue) })])
        }
        throw Problem.noRoute(path)
    }

    /// The OpenAPI 3.1 document, as shipped in the repository.
    public static var openAPIDocument: [UInt8] { PackageResources.openapi_json }
}

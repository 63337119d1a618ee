import AccreditAPI
import Foundation
import Testing

/// The OpenAPI document and the routes are held to each other: every route is documented with its method and
/// operation id, and every documented API path is a route.
struct OpenAPIDocumentTests {
    /// The paths served outside the route table.
    static let servedApart: Set<String> = ["/healthz", "/metrics", "/api/v1/openapi.json"]

    func document() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(API.openAPIDocument)) as? [String: Any] ?? [:]
    }

    @Test func everyRouteIsDocumentedWithItsMethodAndOperationID() throws {
        let paths = try document()["paths"] as? [String: [String: Any]] ?? [:]
        for route in API.routes {
            let operation = paths[route.path]?[route.method.rawValue.lowercased()] as? [String: Any]
            #expect(operation != nil, "\(route.method.rawValue) \(route.path) is not in openapi.json")
            #expect(operation?["operationId"] as? String == route.operationID, "\(route.path)")
            let anyone = (operation?["security"] as? [Any])?.isEmpty == true
            #expect(anyone == (route.access == .anyone), "security of \(route.path)")
        }
    }

    @Test func everyDocumentedOperationIsARoute() throws {
        let paths = try document()["paths"] as? [String: [String: Any]] ?? [:]
        for (path, operations) in paths where !Self.servedApart.contains(path) {
            for method in operations.keys {
                #expect(
                    API.routes.contains { $0.path == path && $0.method.rawValue.lowercased() == method },
                    "openapi.json documents \(method.uppercased()) \(path), which no route serves")
            }
        }
        #expect(try document()["openapi"] as? String == "3.1.0")
    }

    @Test func operationIDsAreUnique() {
        let ids = API.routes.map(\.operationID)
        #expect(Set(ids).count == ids.count)
    }
}

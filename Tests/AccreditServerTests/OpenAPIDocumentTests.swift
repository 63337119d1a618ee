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

    /// Every `$ref` points at something the document has (a dangling one makes clients and schemathesis give up on
    /// the operation).
    @Test func everyReferenceResolves() throws {
        let document = try document()
        var references: [String] = []
        func collect(_ node: Any) {
            if let object = node as? [String: Any] {
                for (key, value) in object {
                    if key == "$ref", let reference = value as? String {
                        references.append(reference)
                    } else {
                        collect(value)
                    }
                }
            } else if let array = node as? [Any] {
                array.forEach(collect)
            }
        }
        collect(document)
        #expect(!references.isEmpty)
        for reference in Set(references) {
            #expect(reference.hasPrefix("#/"), "\(reference)")
            var node: Any? = document
            for part in reference.dropFirst(2).split(separator: "/") {
                node = (node as? [String: Any])?[String(part)]
            }
            #expect(node != nil, "\(reference) does not resolve")
        }
    }

    /// Each response is keyed by a status code (OpenAPI 3.1 4.8.16: a code, a range such as `4XX`, or `default`),
    /// and every operation that can refuse says how: a problem document for each of its 4xx and 5xx.
    @Test func everyResponseIsKeyedByAStatusAndEveryErrorIsAProblem() throws {
        let paths = try document()["paths"] as? [String: [String: Any]] ?? [:]
        let key = /[1-5](\d\d|XX)|default/
        for (path, operations) in paths {
            for (method, operation) in operations {
                let responses = (operation as? [String: Any])?["responses"] as? [String: Any] ?? [:]
                #expect(!responses.isEmpty, "\(method) \(path) documents no response")
                for (status, response) in responses {
                    #expect(status.wholeMatch(of: key) != nil, "\(method) \(path): response key \(status)")
                    guard status.hasPrefix("4") || status.hasPrefix("5"), !Self.servedApart.contains(path) else {
                        continue
                    }
                    let content = (response as? [String: Any])?["content"] as? [String: Any]
                    #expect(content?["application/problem+json"] != nil, "\(method) \(path) \(status)")
                }
            }
        }
    }
}

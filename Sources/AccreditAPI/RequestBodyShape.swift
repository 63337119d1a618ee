import Statecharts

/// What the OpenAPI document says a JSON request body may hold, per operation: the members it names, and whether
/// others are refused (`additionalProperties: false`) and which may be null. The server holds every body to it, so
/// a misspelt or unexpected member is refused rather than silently ignored, and the document cannot promise what
/// the server does not check.
struct RequestBodyShape: Sendable {
    /// The members the document names.
    let members: Set<String>
    /// The members whose schema admits null.
    let nullable: Set<String>
    /// Whether members the document does not name are refused.
    let closed: Bool

    /// The shapes by `operationId`, read once from the shipped document.
    static let byOperation: [String: RequestBodyShape] = {
        guard let document = try? CanonicalJSON.parse(API.openAPIDocument), case .object(let paths)? = document["paths"]
        else { return [:] }
        var shapes: [String: RequestBodyShape] = [:]
        for case .object(let operations) in paths.values {
            for operation in operations.values {
                guard case .string(let id)? = operation["operationId"],
                    let schema = operation["requestBody"]?["content"]?["application/json"]?["schema"]
                else { continue }
                shapes[id] = RequestBodyShape(resolve(schema, in: document))
            }
        }
        return shapes
    }()

    /// A schema with a `$ref` to `#/components/schemas/…` followed.
    static func resolve(_ schema: Value, in document: Value) -> Value {
        guard case .string(let reference)? = schema["$ref"], reference.hasPrefix("#/components/schemas/") else {
            return schema
        }
        let name = String(reference.dropFirst("#/components/schemas/".count))
        return document["components"]?["schemas"]?[name] ?? schema
    }

    /// The shape of an object schema.
    init(_ schema: Value) {
        var members: Set<String> = []
        var nullable: Set<String> = []
        if case .object(let properties)? = schema["properties"] {
            for (name, property) in properties {
                members.insert(name)
                if Self.admitsNull(property) { nullable.insert(name) }
            }
        }
        self.members = members
        self.nullable = nullable
        self.closed = schema["additionalProperties"] == .bool(false)
    }

    /// Whether a property schema admits null (`type: null` or `["…", "null"]`, `null` among `anyOf`/`oneOf`, or a
    /// schema that constrains nothing, such as event data's `{}`).
    static func admitsNull(_ schema: Value) -> Bool {
        if ["type", "anyOf", "oneOf", "$ref", "enum", "const"].allSatisfy({ schema[$0] == nil }) { return true }
        switch schema["type"] {
        case .string("null")?: return true
        case .array(let types)?: return types.contains(.string("null"))
        default: break
        }
        for key in ["anyOf", "oneOf"] {
            if case .array(let options)? = schema[key], options.contains(where: admitsNull) { return true }
        }
        return false
    }

    /// Checks a body against the shape.
    ///
    /// - Throws: ``Problem`` 422 `request.unknown-field` for a member the document does not name (when it refuses
    ///   others), or `request.wrong-type` for a null the document does not admit.
    func check(_ body: Value) throws(Problem) {
        guard case .object(let given) = body else { return }
        if closed, let unknown = given.keys.sorted().first(where: { !members.contains($0) }) {
            let known = members.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            throw Problem.invalid(
                "the request body has \"\(unknown)\", which this operation does not take; it takes \(known)",
                code: "request.unknown-field")
        }
        if let null = given.keys.sorted().first(where: { given[$0] == .null && !nullable.contains($0) }) {
            throw Problem.invalid(
                "\"\(null)\" may not be null: leave it out, or give a value", code: "request.wrong-type")
        }
    }
}

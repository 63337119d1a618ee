import CaseService
import EvidenceStore
import Statecharts

/// Publishing workflow and framework versions, sent as their source text.
enum DefinitionRoutes {
    /// The routes.
    static let all: [APIRoute] = [
        APIRoute(.post, "/api/v1/workflows", operationID: "publishWorkflow") { call in
            let fields = try RequestFields(call.request.body)
            let source = try DefinitionRoutes.source(fields, label: "workflow.scxml")
            var framework: (source: [UInt8], file: String)?
            if fields.value("framework") != .null {
                framework = try DefinitionRoutes.source(
                    try RequestFields.object(fields.value("framework"), "framework"), label: "framework.xml")
            }
            let (identity, isNew) = try call.desk.publishWorkflow(
                source.source, file: source.file, framework: framework, by: try call.signedIn())
            return .json(DefinitionViews.published(.workflow, identity, isNew: isNew), status: isNew ? 201 : 200)
        },
        APIRoute(.post, "/api/v1/frameworks", operationID: "publishFramework") { call in
            let source = try DefinitionRoutes.source(try RequestFields(call.request.body), label: "framework.xml")
            let (identity, isNew) = try call.desk.publishFramework(
                source.source, file: source.file, by: try call.signedIn())
            return .json(DefinitionViews.published(.framework, identity, isNew: isNew), status: isNew ? 201 : 200)
        },
    ]

    /// The longest file label taken.
    static let maximumLabelLength = 1024

    /// `{source, file}`: the definition's text (capped) and the label its diagnostics give it.
    static func source(_ fields: RequestFields, label: String) throws -> (source: [UInt8], file: String) {
        let text = try fields.string("source")
        guard text.utf8.count <= CaseDesk.maximumDefinitionBytes else {
            throw Problem(
                status: 413, code: "request.too-large", title: "Too large",
                detail: "a definition may have at most \(CaseDesk.maximumDefinitionBytes) bytes")
        }
        let file = try fields.optionalString("file") ?? label
        guard !file.isEmpty, file.count <= maximumLabelLength else {
            throw Problem.invalid("\"file\" must be a name of 1 to \(maximumLabelLength) characters")
        }
        return (Array(text.utf8), file)
    }
}

extension RequestFields {
    /// A member that must be a JSON object, read as fields.
    ///
    /// - Throws: ``Problem`` 422 naming the member.
    static func object(_ value: Value, _ name: String) throws -> RequestFields {
        guard case .object = value else { throw Problem.invalid("\"\(name)\" must be an object") }
        return try RequestFields(value)
    }
}

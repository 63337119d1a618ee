import AccreditAPI
import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// Publishing workflows and frameworks: the versions published, and a form that sends a definition's file through
/// the API's publishing (schema, every static check); when it is refused, each validation finding is listed with
/// its line and rule.
enum DefinitionsPage {
    /// The routes.
    static let routes: [PortalRoute] = [
        PortalRoute(.get, "/definitions") { call in try render(call) },
        PortalRoute(.post, "/definitions") { call in try publish(call) },
    ]

    /// The largest publishing form: a workflow and its framework at the largest size publishing takes, and the
    /// fields around them.
    static let maximumFormBytes = 2 * CaseDesk.maximumDefinitionBytes + (64 << 10)

    /// The page, with the last attempt's errors and validation findings, or what was just published.
    static func render(
        _ call: PortalCall, errors: [[String: Any]] = [], findings: [[String: Any]] = [],
        published: [String: Any]? = nil, status: Int = 200
    ) throws -> PortalResponse {
        let viewer = try call.signedIn()
        let definitions = try call.desk.publishedDefinitions(as: viewer.actor.id)
        var context: [String: Any] = [
            "definitions": definitions.map { definition in
                [
                    "kind": definition.kind == .workflow ? "Workflow" : "Framework",
                    "name": definition.reference.name, "version": definition.reference.version,
                    "sha256": definition.sha256, "published": ReadableDates.moment(definition.publishedAt),
                ] as [String: Any]
            },
            "hasDefinitions": !definitions.isEmpty, "errors": errors, "hasErrors": !errors.isEmpty,
            "findings": findings, "hasFindings": !findings.isEmpty,
            "framework": call.request.form["kind"] == "framework",
        ]
        if let published { context["published"] = published }
        return call.page(
            "definitions", title: (errors.isEmpty ? "" : "Error: ") + "Definitions", status: status, context)
    }

    /// Publishes the file sent through the API: a workflow (with its framework's file when that is not yet
    /// published) or a framework.
    static func publish(_ call: PortalCall) throws -> PortalResponse {
        let form = call.request.form
        let kind = form["kind"] == "framework" ? "framework" : "workflow"
        guard let source = form["source"], !source.isEmpty else {
            return try render(
                call, errors: [["field": "source", "message": "Choose the file to publish"]], status: 400)
        }
        let file = form.trimmed("source.filename") ?? (kind == "framework" ? "framework.xml" : "workflow.scxml")
        var body: [String: Value] = ["source": .string(source), "file": .string(file)]
        if kind == "workflow", let framework = form["framework"], !framework.isEmpty {
            body["framework"] = [
                "source": .string(framework),
                "file": .string(form.trimmed("framework.filename") ?? "framework.xml"),
            ]
        }
        let answer: Value
        do {
            answer = try call.api(.post, "/api/v1/\(kind)s", body: .object(body)).json
        } catch {
            guard PortalForms.isCorrectable(error) else { throw error }
            let findings = (error.extensions["findings"]?.arrayValue ?? []).compactMap(\.objectValue).map(finding)
            let message =
                findings.isEmpty
                ? error.detail
                : "The \(kind) was not published: fix the \(findings.count == 1 ? "finding" : "\(findings.count) findings") below and send it again"
            return try render(
                call, errors: [["field": "source", "message": message]], findings: findings, status: error.status)
        }
        let published = answer.objectValue ?? [:]
        return try render(
            call,
            published: [
                "kind": kind, "name": published["name"]?.stringValue ?? "",
                "version": published["version"]?.stringValue ?? "",
                "sha256": published["sha256"]?.stringValue ?? "", "new": published["new"]?.boolValue == true,
            ], status: published["new"]?.boolValue == true ? 201 : 200)
    }

    /// One validation finding as a table row.
    static func finding(_ finding: [String: Value]) -> [String: Any] {
        let line = finding["line"]?.integerValue
        let column = finding["column"]?.integerValue
        return [
            "file": finding["file"]?.stringValue ?? "",
            "where": line.map { "line \($0)" + (column.map { ", column \($0)" } ?? "") } ?? "",
            "severity": finding["severity"]?.stringValue ?? "", "rule": finding["rule"]?.stringValue ?? "",
            "message": finding["message"]?.stringValue ?? "",
        ]
    }
}

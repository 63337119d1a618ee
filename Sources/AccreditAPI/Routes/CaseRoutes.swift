import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts

/// Cases: list, open, show, what may be sent next, and sending an event.
public enum CaseRoutes {
    /// The routes.
    static let all: [APIRoute] = [
        APIRoute(.get, "/api/v1/cases", operationID: "listCases") { call in
            let cases = try call.desk.cases(
                as: try call.signedIn(), organisation: call.request.query["organisation"],
                state: call.request.query["state"])
            return .json(["cases": .array(cases.map(CaseViews.listed))])
        },
        APIRoute(.post, "/api/v1/cases", operationID: "openCase") { call in
            let fields = try RequestFields(call.request.body)
            let caseID = try fields.optionalString("case")
            let workflow = try reference(try fields.string("workflow"), "workflow")
            let framework = try fields.optionalString("framework").map { try reference($0, "framework") }
            let (open, repeated) = try call.desk.openCase(
                caseID, organisation: try fields.string("organisation"), workflow: workflow, framework: framework,
                by: try call.signedIn(), requestID: try requestID(call.request))
            return .json(CaseViews.summary(open), status: repeated ? 200 : 201)
        },
        APIRoute(.get, "/api/v1/cases/{case}", operationID: "getCase") { call in
            .json(CaseViews.summary(try call.desk.view(call.parameter("case"), as: try call.signedIn())))
        },
        APIRoute(.get, "/api/v1/cases/{case}/next", operationID: "nextEvents") { call in
            let caseID = call.parameter("case")
            let events = try call.desk.nextEvents(caseID, as: try call.signedIn())
            return .json(["case": .string(caseID), "events": .array(events.map(CaseViews.next))])
        },
        APIRoute(.post, "/api/v1/cases/{case}/events", operationID: "sendEvent") { call in
            let caseID = call.parameter("case")
            let fields = try RequestFields(call.request.body)
            let actor = try call.signedIn()
            let event: String
            if let action = try fields.optionalString("action") {
                guard let declared = TransitionAction(rawValue: action) else {
                    throw Problem.invalid(
                        "\"action\" must be one of \(TransitionAction.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                event = try call.desk.event(for: declared, in: caseID, by: actor)
            } else {
                event = try fields.string("event")
            }
            let data = fields.value("data")
            guard CanonicalJSON.encodedBytes(data).count <= CaseDesk.maximumPayloadBytes else {
                throw Problem(
                    status: 413, code: "request.too-large", title: "Too large",
                    detail: "event data may have at most \(CaseDesk.maximumPayloadBytes) bytes; upload large material "
                        + "as evidence")
            }
            let outcome = try call.desk.fire(
                caseID, event: event, data: data, by: actor, requestID: try requestID(call.request),
                expectedVersion: try fields.optionalInteger("expectedVersion").map(Int64.init))
            return .json(CaseViews.receipt(caseID: caseID, outcome: outcome), status: outcome.repeated ? 200 : 201)
        },
        APIRoute(.post, "/api/v1/cases/{case}/migration", operationID: "migrateCase") { call in
            let caseID = call.parameter("case")
            let fields = try RequestFields(call.request.body)
            let workflow = try reference(try fields.string("workflow"), "workflow")
            let migrated = try call.desk.migrate(
                caseID, to: workflow, states: try ReportRoutes.renamedStates(fields), by: try call.signedIn(),
                expectedVersion: try fields.optionalInteger("expectedVersion").map(Int64.init))
            return .json(CaseViews.migration(caseID: caseID, migrated), status: 201)
        },
    ]

    /// A `NAME@VERSION` reference.
    static func reference(_ text: String, _ member: String) throws -> DefinitionReference {
        guard let at = text.lastIndex(of: "@"), at != text.startIndex, text.index(after: at) != text.endIndex else {
            throw Problem.invalid("\"\(member)\" must be NAME@VERSION, such as patient-safety-standards@1")
        }
        return DefinitionReference(name: String(text[..<at]), version: String(text[text.index(after: at)...]))
    }

    /// The `Idempotency-Key`, checked.
    public static func requestID(_ request: APIRequest) throws -> String? {
        guard let key = request.idempotencyKey else { return nil }
        guard CaseLog.isValidRequestID(key) else {
            throw Problem.badRequest(
                "Idempotency-Key must be 1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or "
                    + "digit", code: "request.idempotency-key")
        }
        return key
    }
}

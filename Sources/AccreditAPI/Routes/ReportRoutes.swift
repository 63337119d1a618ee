import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts
import Workflows

/// A case's history and replay, and the report across cases.
enum ReportRoutes {
    /// The routes.
    static let all: [APIRoute] = [
        APIRoute(.get, "/api/v1/cases/{case}/history", operationID: "caseHistory", replica: true) { call in
            let caseID = call.parameter("case")
            let actor = try call.signedIn()
            let query = call.request.query
            let filter = HistoryFilter(
                actor: query["actor"], event: query["event"], since: try call.instantQuery("since"),
                until: try call.instantQuery("until"))
            return .json(ReportViews.history(caseID, try call.desk.history(caseID, filter: filter, as: actor)))
        },
        APIRoute(.get, "/api/v1/cases/{case}/replay", operationID: "replayCase", replica: true) { call in
            let caseID = call.parameter("case")
            let until = try call.integerQuery("until")
            let asAt = try call.instantQuery("asAt")
            if until != nil && asAt != nil { throw Problem.invalid("give ?until= or ?asAt=, not both") }
            try call.desk.requireRead(of: caseID, by: try call.signedIn())
            let limit: ReplayLimit = if let until { .through(until) } else if let asAt { .asAt(asAt) } else { .all }
            let result = try call.desk.replay(caseID, limit: limit)
            return .json(ReportViews.replay(result, includeSteps: try call.flagQuery("steps")))
        },
        APIRoute(.post, "/api/v1/cases/{case}/migration-check", operationID: "checkCaseMigration") { call in
            let caseID = call.parameter("case")
            let fields = try RequestFields(call.request.body)
            let source = try DefinitionRoutes.source(fields, label: "workflow.scxml")
            let states = try renamedStates(fields)
            let actor = try call.signedIn()
            try call.desk.requireRead(of: caseID, by: actor)
            // Compiling, checking and replaying a candidate of up to 1 MiB is real work: it is for those who look
            // after the definitions and the record (store.oversee), not for every reader of the case.
            try call.desk.require(.oversee, by: actor)
            // The same loader as publishing (schema, every static check, criteria against the framework it
            // declares, nothing read from the server's disk): a candidate publishing refuses is refused here too.
            let loaded = try call.desk.selfContainedWorkflow(source.source, file: source.file, framework: nil)
            let check: MigrationCheck
            do {
                check = try call.desk.migrationCheck(caseID, workflow: loaded.document, states: states)
            } catch let error as DocumentError {
                throw Problem(
                    status: 422, code: "definition.invalid", title: "The definition is invalid",
                    detail: "\(error)")
            }
            return .json(ReportViews.migration(caseID, file: source.file, check))
        },
        APIRoute(.get, "/api/v1/reports/cases", operationID: "reportCases", replica: true) { call in
            let days = try call.integerQuery("expiringWithin") ?? 90
            guard days <= 36_500 else { throw Problem.invalid("?expiringWithin= may be at most 36500 days") }
            let at = try call.instantQuery("at")
            try call.desk.require(.report, by: try call.signedIn())
            let report = try call.desk.report(at: try at ?? call.desk.now(), expiringWithinDays: Int(days))
            return .json(ReportViews.report(report))
        },
    ]

    /// `states`: the states a new workflow version renamed, `{old: new}`, each a string; empty when left out.
    static func renamedStates(_ fields: RequestFields) throws -> [String: String] {
        let value = fields.value("states")
        if value == .null { return [:] }
        guard let members = value.objectValue else {
            throw Problem.invalid("\"states\" must be an object of renamed states, {\"old-id\": \"new-id\"}")
        }
        var states: [String: String] = [:]
        for (old, new) in members {
            guard let new = new.stringValue, !old.isEmpty, !new.isEmpty else {
                throw Problem.invalid("\"states\" must map each old state id to a new state id, both strings")
            }
            states[old] = new
        }
        return states
    }
}

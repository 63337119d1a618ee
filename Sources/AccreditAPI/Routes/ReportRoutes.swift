import AccreditEngine
import CaseService
import EvidenceStore
import Statecharts
import Workflows

/// A case's history and replay, and the report across cases.
enum ReportRoutes {
    /// The routes.
    static let all: [APIRoute] = [
        APIRoute(.get, "/api/v1/cases/{case}/history", operationID: "caseHistory") { call in
            let caseID = call.parameter("case")
            let actor = try call.signedIn()
            let query = call.request.query
            let filter = HistoryFilter(
                actor: query["actor"], event: query["event"], since: try call.instantQuery("since"),
                until: try call.instantQuery("until"))
            return .json(ReportViews.history(caseID, try call.desk.history(caseID, filter: filter, as: actor)))
        },
        APIRoute(.get, "/api/v1/cases/{case}/replay", operationID: "replayCase") { call in
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
            let source = try DefinitionRoutes.source(try RequestFields(call.request.body), label: "workflow.scxml")
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
                check = try call.desk.migrationCheck(caseID, workflow: loaded.document)
            } catch let error as DocumentError {
                throw Problem(
                    status: 422, code: "definition.invalid", title: "The definition is invalid",
                    detail: "\(error)")
            }
            return .json(ReportViews.migration(caseID, file: source.file, check))
        },
        APIRoute(.get, "/api/v1/reports/cases", operationID: "reportCases") { call in
            let days = try call.integerQuery("expiringWithin") ?? 90
            guard days <= 36_500 else { throw Problem.invalid("?expiringWithin= may be at most 36500 days") }
            let at = try call.instantQuery("at")
            try call.desk.require(.report, by: try call.signedIn())
            let report = try call.desk.report(at: try at ?? call.desk.now(), expiringWithinDays: Int(days))
            return .json(ReportViews.report(report))
        },
    ]
}

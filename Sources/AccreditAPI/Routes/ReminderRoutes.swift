import CaseService
import EvidenceStore
import Statecharts

/// Reminders of deadlines: sending those due, and the record of those sent.
enum ReminderRoutes {
    /// The routes.
    static let all: [APIRoute] = [
        APIRoute(.post, "/api/v1/reminders/send", operationID: "sendReminders") { call in
            let fields = try RequestFields(call.request.body)
            let caseID = try fields.optionalString("case")
            guard caseID?.isEmpty != true else { throw Problem.invalid("\"case\" must name a case, or be left out") }
            let dryRun = try fields.optionalBool("dryRun") ?? false
            let report = try ReminderSender.run(
                desk: call.desk, as: try call.signedIn(), caseID: caseID, dryRun: dryRun,
                environment: call.environment)
            return .json(ReminderViews.report(report))
        },
        APIRoute(.get, "/api/v1/reminders", operationID: "listReminders") { call in
            let limit = try call.queryInteger("limit", default: 100, in: 1...1000)
            let records = try call.desk.reminders(
                caseID: call.request.query["case"], limit: limit, as: try call.signedIn())
            return .json(["reminders": .array(records.map(ReminderViews.record))])
        },
    ]
}
